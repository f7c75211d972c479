export * from './types';
export * from './remediation';
