export * from './annotations';
export * from './types';
