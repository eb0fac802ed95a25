import type { ReactNode } from 'react';

/**
 * The plan's section and title. The page draws it at once, empty and busy, while the plan view
 * (its own chunk, after the first paint: it is below the first screen) loads; the view then fills it.
 */
export function PlanSection({ children }: { readonly children?: ReactNode }) {
  return (
    <section aria-labelledby="plan-title" className="plan" aria-busy={children === undefined}>
      <h2 id="plan-title">The plan</h2>
      {children}
    </section>
  );
}
