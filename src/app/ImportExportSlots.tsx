/** The toolbar's file actions with the pieces they show of other features (a lazy chunk, after the first paint). */
import { FeatureSlotsProvider } from '../components/feature-slots';
import { ImportExport } from '../features/import-export/ImportExport';
import { FEATURE_SLOTS } from './feature-slots';

export default function ImportExportSlots() {
  return (
    <FeatureSlotsProvider value={FEATURE_SLOTS}>
      <ImportExport />
    </FeatureSlotsProvider>
  );
}
