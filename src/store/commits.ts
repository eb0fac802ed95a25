/**
 * What every commit of the store needs: the edits (`core/edits.ts`) and the bench check
 * (`core/bench-check.ts`, with the estimator it uses). A chunk of its own, loaded by the store
 * after the first paint or with the first edit (`loadCommits` in `store.ts`): a first visit
 * commits nothing.
 */
import {
  addCard,
  addGpus,
  addWindow,
  deleteCard,
  deleteWindow,
  duplicateCard,
  moveCard,
  moveWindow,
  placeCandidate,
  removeCandidate,
  removeGpu,
  setBenchName,
  setCalibration,
  setCaseStudy,
  setCoresidencySlowdown,
  setGpu,
  setGpus,
  setHardware,
  setWindows,
  updateCard,
  updateWindow,
} from '../core/edits';
import { checkBench, hasErrors } from '../core/bench-check';

/** The edits the store's actions make, and the check every commit passes. */
export const COMMITS = {
  edit: {
    addCard,
    addGpus,
    addWindow,
    deleteCard,
    deleteWindow,
    duplicateCard,
    moveCard,
    moveWindow,
    placeCandidate,
    removeCandidate,
    removeGpu,
    setBenchName,
    setCalibration,
    setCaseStudy,
    setCoresidencySlowdown,
    setGpu,
    setGpus,
    setHardware,
    setWindows,
    updateCard,
    updateWindow,
  },
  check: { checkBench, hasErrors },
} as const;
