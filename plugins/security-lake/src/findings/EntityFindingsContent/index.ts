export { EntityFindingsContent } from './EntityFindingsContent';
