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
}

/** The account scope's settings, read once. @internal */
export function readScopeSettings(config: Config): ScopeSettings {
  return {
    accountEntities: readAccountEntityFilters(config),
    cacheTtlMs:
      (config.getOptionalNumber('securityLake.catalog.cacheSeconds') ?? 60) *
      1000,
  };
}
