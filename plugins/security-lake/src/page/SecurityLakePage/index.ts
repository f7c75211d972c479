export { SecurityLakePage } from './SecurityLakePage';
