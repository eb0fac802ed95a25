/** A plain-YAML bench read at build time (`vite.config.ts`: `benchModules`). */
declare module '*.yaml?bench' {
  const bench: import('../../core/types').Bench;
  export default bench;
}
