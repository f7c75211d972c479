export { EntityCoverageCard } from './EntityCoverageCard';
