/** The editors' column: the day in one line (a narrow screen), the bench's name, the hardware card, the windows and the model cards (a lazy chunk). */
import { useId } from 'react';
import { FeatureSlotsProvider } from '../components/feature-slots';
import { MountInSteps, useMountInSteps } from '../components/mount-in-steps';
import { FEATURE_SLOTS } from './feature-slots';
import { usePlanner } from '../store/store';
import { HardwareEditor } from '../features/cards/HardwareEditor';
import { ModelCards } from '../features/cards/ModelCards';
import { WindowsEditor } from '../features/windows/WindowsEditor';
import { DaySummary } from '../features/timeline/DaySummary';

function BenchName() {
  const id = useId();
  const name = usePlanner((s) => s.bench.name ?? '');
  const setBenchName = usePlanner((s) => s.setBenchName);
  return (
    <div className="field bench-name">
      <label htmlFor={id}>Bench name</label>
      <input id={id} value={name} onChange={(e) => setBenchName(e.target.value, 'bench.name')} />
    </div>
  );
}

/** The column's parts, drawn in three steps as the page opens (the model cards in steps of their own). */
function EditorsInSteps() {
  const drawn = useMountInSteps(3, 1);
  return (
    <>
      <DaySummary />
      <BenchName />
      <HardwareEditor />
      {drawn >= 2 ? <WindowsEditor /> : null}
      {drawn >= 3 ? <ModelCards /> : null}
    </>
  );
}

export default function Editors() {
  // The cards' editor shows the estimate panel (features/estimate) in its slot.
  return (
    <FeatureSlotsProvider value={FEATURE_SLOTS}>
      <MountInSteps.Provider value={true}>
        <EditorsInSteps />
      </MountInSteps.Provider>
    </FeatureSlotsProvider>
  );
}
