/** The pieces one feature shows of another, loaded on first use (their own chunks). */
import { lazyPart } from '../components/LazyPart';
import { failedDialog } from '../components/Dialog';
import type { FeatureSlots } from '../components/feature-slots';

export const FEATURE_SLOTS: FeatureSlots = {
  EstimatePanel: lazyPart(
    () => import('../features/estimate/EstimatePanel').then((m) => ({ default: m.EstimatePanel })),
    { what: 'the estimate', loading: <p className="muted">Loading the estimate…</p> },
  ),
  ModelFileDialog: lazyPart(
    () => import('../features/estimate/ModelFileDialog').then((m) => ({ default: m.ModelFileDialog })),
    { what: 'the model-file dialog', frame: failedDialog('Estimate VRAM from a model file') },
  ),
};
