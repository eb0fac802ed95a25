import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { usePlanner } from './store/store';
import './app/app.css';
import { catchEarlyDrops } from './components/early-drop';

// A file dropped before the file actions load is kept for them, not opened by the browser.
catchEarlyDrops(window);

// The saved state is restored first (its reader loads only when there is one: a first visit
// paints without it). Preact renders the page in one pass (the editors' column, the tour and the
// charts below the first screen load and draw after the first paint).
const root = document.getElementById('root')!;
usePlanner.hydrate().then(
  () =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
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
