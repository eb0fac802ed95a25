import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { usePlanner } from './store/store';
import './app/app.css';

// The saved state is restored first (its reader loads only when there is one: a first visit
// paints without it). The first render is a transition: React renders it in small slices and
// yields to the browser between them, so opening the page never blocks input for long (phones).
const root = document.getElementById('root')!;
usePlanner.hydrate().then(
  () =>
    startTransition(() =>
      createRoot(root).render(
        <StrictMode>
          <App />
        </StrictMode>,
      ),
    ),
  (e: unknown) => {
    // The reader did not load (a network error mid-deploy): nothing is shown, so nothing of the
    // saved bench is overwritten by a default one.
    const p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.textContent = `The planner could not load its saved state (${String(e)}). Reload the page; your bench is kept.`;
    root.append(p);
  },
);
