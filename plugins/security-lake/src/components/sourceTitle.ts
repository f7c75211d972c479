import { SECURITY_LAKE_SOURCES } from '@internal/plugin-security-lake-common';

/** A source's title; the raw name when the backend knows a source this UI does not yet. */
export function sourceTitle(source: string): string {
  return SECURITY_LAKE_SOURCES.find(s => s.name === source)?.title ?? source;
}
