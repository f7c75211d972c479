export { RunForm } from './RunForm';
export type { RunFormProps } from './RunForm';
