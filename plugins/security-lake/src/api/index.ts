export { securityLakeApiRef } from './SecurityLakeApi';
export type { SecurityLakeApi } from './SecurityLakeApi';
export { SecurityLakeClient } from './SecurityLakeClient';
