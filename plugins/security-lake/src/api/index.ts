export { securityLakeApiRef } from './SecurityLakeApi';
export type {
  FindingsWaitOptions,
  QueryRunFilter,
  SecurityLakeApi,
  SubscriberRequestAction,
} from './SecurityLakeApi';
export type {
  SavedQueryAvailability,
  SavedQueryDetail,
  SavedQueryListResponse,
} from '@internal/plugin-security-lake-common';
export { SecurityLakeClient } from './SecurityLakeClient';
