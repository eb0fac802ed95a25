export * from './store';
export * from './presets';
export { dayOf, planOf, useDay, usePlan } from './plan';
