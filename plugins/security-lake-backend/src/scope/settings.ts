import { Config } from '@backstage/config';
import {
  AccountEntityFilter,
  readAccountEntityFilters,
} from './accountEntities';

/** How the account scope reads the catalog: `securityLake.catalog.*`. @internal */
export interface ScopeSettings {
  /** Which entities declare accounts and make their owners its owners. */
  accountEntities: AccountEntityFilter[];
  /** How long the catalog's accounts are kept before they are read again. */
  cacheTtlMs: number;
  /**
   * The accounts each caller that is not a user may read, by principal subject (`securityLake.actions.
   * serviceReaders`); a service caller not named reads none.
   */
  serviceReaders: Map<string, string[]>;
}

function readServiceReaders(config: Config): Map<string, string[]> {
  const readers = new Map<string, string[]>();
  for (const reader of config.getOptionalConfigArray(
    'securityLake.actions.serviceReaders',
  ) ?? []) {
    const subject = reader.getString('subject');
    const accountIds = reader.getStringArray('accountIds');
    const bad = accountIds.find(id => !/^\d{12}$/.test(id));
    if (bad !== undefined) {
      throw new Error(
        `securityLake.actions.serviceReaders: "${bad}" (for ${subject}) is not a 12-digit AWS account id`,
      );
    }
    readers.set(subject, [...(readers.get(subject) ?? []), ...accountIds]);
  }
  return readers;
}

/** The account scope's settings, read once. @internal */
export function readScopeSettings(config: Config): ScopeSettings {
  return {
    accountEntities: readAccountEntityFilters(config),
    cacheTtlMs:
      (config.getOptionalNumber('securityLake.catalog.cacheSeconds') ?? 60) *
      1000,
    serviceReaders: readServiceReaders(config),
  };
}
