export { SeveritySummary } from './SeveritySummary';
