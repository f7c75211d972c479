export { SqlEditor } from './SqlEditor';
export type { SqlEditorProps } from './SqlEditor';
export { SqlWorkbench } from './SqlWorkbench';
export type { SqlEditorPlace, SqlWorkbenchProps } from './SqlWorkbench';
