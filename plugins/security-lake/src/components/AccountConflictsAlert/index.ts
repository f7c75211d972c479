export { AccountConflictsAlert } from './AccountConflictsAlert';
export type { AccountConflictsAlertProps } from './AccountConflictsAlert';
