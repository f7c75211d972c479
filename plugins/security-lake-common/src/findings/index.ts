export * from './types';
export * from './mapFinding';
