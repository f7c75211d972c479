export { RunHistory } from './RunHistory';
export type { RunHistoryProps } from './RunHistory';
