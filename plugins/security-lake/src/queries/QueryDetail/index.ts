export { QueryDetail } from './QueryDetail';
export type { QueryDetailProps } from './QueryDetail';
