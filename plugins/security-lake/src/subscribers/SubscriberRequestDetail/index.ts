export { SubscriberRequestDetail } from './SubscriberRequestDetail';
export type { SubscriberRequestDetailProps } from './SubscriberRequestDetail';
