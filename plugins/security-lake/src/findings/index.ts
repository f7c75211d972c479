export { EntityFindingsCard } from './EntityFindingsCard';
export { EntityFindingsContent } from './EntityFindingsContent';
export { FindingsView } from './FindingsView';
