export { SubscribersView } from './SubscribersView';
export type { SubscribersViewProps } from './SubscribersView';
