export { CoverageView } from './CoverageView';
export { EntityCoverageCard } from './EntityCoverageCard';
