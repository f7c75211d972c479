export { SnapshotProgress, SnapshotStatus } from './SnapshotStatus';
