export * from './limits';
export * from './validate';
export * from './read';
export * from './write';
export * from './report';
