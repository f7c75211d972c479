export { securityLakeApiRef } from './SecurityLakeApi';
export type {
  FindingsWaitOptions,
  QueryRunFilter,
  SecurityLakeApi,
  SubscriberRequestAction,
} from './SecurityLakeApi';
export type {
  LibraryQueryAvailability,
  LibraryQueryDetail,
  LibraryQueryList,
} from '@internal/plugin-security-lake-common';
export { SecurityLakeClient } from './SecurityLakeClient';
