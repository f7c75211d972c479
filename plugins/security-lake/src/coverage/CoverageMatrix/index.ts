export { CoverageMatrix } from './CoverageMatrix';
export type { CoverageMatrixProps } from './CoverageMatrix';
