export { FindingDetailDrawer } from './FindingDetailDrawer';
