import { ResponseError } from '@backstage/errors';

/** The backend's own words for a failed request (`parameters.x: …`), not the HTTP status line. */
export function serverMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.body?.error?.message ?? error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
