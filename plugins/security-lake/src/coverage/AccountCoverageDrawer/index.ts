export { AccountCoverageDrawer } from './AccountCoverageDrawer';
export type { AccountCoverageDrawerProps } from './AccountCoverageDrawer';
