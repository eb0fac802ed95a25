/**
 * The page's parts as the specs find them, by role and accessible name (one definition each):
 * a spec imports these instead of spelling its own.
 */
import type { Page } from '@playwright/test';

/** The plan's region (the windows, each pattern's decision). */
export const plan = (page: Page) => page.getByRole('region', { name: 'The plan' });
/** The day's region (the headline, the Gantt charts, the table). */
export const day = (page: Page) => page.getByRole('region', { name: 'The day', exact: true });
/** The hardware card's editor. */
export const hardware = (page: Page) => page.getByRole('region', { name: 'Hardware' });
/** A model card's editor, by the card's exact name. */
export const card = (page: Page, name: string) =>
  page.getByRole('listitem', { name: `Model card ${name}`, exact: true });
/** A window's editor, by its name. */
export const win = (page: Page, name: string) => page.getByRole('listitem', { name: `Window ${name}` });
/** The planned day's Gantt chart. */
export const plannedChart = (page: Page) => day(page).getByRole('img', { name: /^Gantt chart of the planned day/ });
/** The page's notice (what an import, a link or an undo did). */
export const notice = (page: Page) => page.locator('.notice');
