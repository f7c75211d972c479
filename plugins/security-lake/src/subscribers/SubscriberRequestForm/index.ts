export { SubscriberRequestForm } from './SubscriberRequestForm';
export type { SubscriberRequestFormProps } from './SubscriberRequestForm';
