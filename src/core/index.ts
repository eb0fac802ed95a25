export * from './types';
export * from './pyformat';
export * from './patterns';
export * from './day';
export * from './timing';
export * from './story';
export * from './suggest';
export * from './words';
