export { FindingsTrendChart } from './FindingsTrendChart';
