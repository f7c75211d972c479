export { SnapshotStatus } from './SnapshotStatus';
