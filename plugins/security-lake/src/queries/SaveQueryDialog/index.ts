export { SaveQueryDialog, contentOf, replacementOf } from './SaveQueryDialog';
export type {
  SaveQueryDialogProps,
  SavedQueryContent,
} from './SaveQueryDialog';
