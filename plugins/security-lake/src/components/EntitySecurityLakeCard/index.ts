export { EntitySecurityLakeCard } from './EntitySecurityLakeCard';
