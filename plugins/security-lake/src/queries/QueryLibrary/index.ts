export { QueryLibrary } from './QueryLibrary';
export type { QueryLibraryProps } from './QueryLibrary';
