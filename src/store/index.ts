export * from './store';
export * from './presets';
export { usePlan } from './plan';
