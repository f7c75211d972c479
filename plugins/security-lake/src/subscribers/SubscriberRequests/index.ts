export { SubscriberRequests } from './SubscriberRequests';
export type { SubscriberRequestsProps } from './SubscriberRequests';
