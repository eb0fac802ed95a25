/** The pieces one feature shows of another, loaded on first use (their own chunks). */
import { lazy } from 'react';
import type { FeatureSlots } from '../components/feature-slots';

export const FEATURE_SLOTS: FeatureSlots = {
  EstimatePanel: lazy(() => import('../features/estimate/EstimatePanel').then((m) => ({ default: m.EstimatePanel }))),
  ModelFileDialog: lazy(() =>
    import('../features/estimate/ModelFileDialog').then((m) => ({ default: m.ModelFileDialog })),
  ),
};
