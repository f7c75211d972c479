export * from './annotations';
export * from './types';
export * from './rules';
