// YAML text in and out (uses the `yaml` package). See `./index` for the light part.
export * from './index';
export * from './read';
export * from './write';
export * from './report';
export * from './calibration-file';
