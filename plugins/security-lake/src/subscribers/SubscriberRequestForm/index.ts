export {
  ExtendRequestForm,
  SubscriberRequestForm,
} from './SubscriberRequestForm';
export type {
  ExtendRequestFormProps,
  SubscriberRequestFormProps,
} from './SubscriberRequestForm';
