import { HARDWARE_FIELDS, numberField } from '../../io';
import { usePlanner } from '../../store';
import { NumberField } from './NumberField';

export function HardwareEditor() {
  const hw = usePlanner((s) => s.bench.hardware);
  const setHardware = usePlanner((s) => s.setHardware);
  return (
    <section className="panel" aria-labelledby="hw-title">
      <h2 id="hw-title">Hardware</h2>
      <div className="row">
        <NumberField
          {...numberField(HARDWARE_FIELDS, 'vram_gb')}
          value={hw.vram_gb}
          fieldKey="hw.vram_gb"
          onCommit={(v) => v !== null && setHardware({ vram_gb: v }, 'hw.vram_gb')}
        />
        <NumberField
          {...numberField(HARDWARE_FIELDS, 'ram_gb')}
          value={hw.ram_gb}
          fieldKey="hw.ram_gb"
          onCommit={(v) => v !== null && setHardware({ ram_gb: v }, 'hw.ram_gb')}
        />
        <NumberField
          {...numberField(HARDWARE_FIELDS, 'cpu_cores')}
          value={hw.cpu_cores}
          fieldKey="hw.cpu_cores"
          onCommit={(v) => v !== null && setHardware({ cpu_cores: v }, 'hw.cpu_cores')}
        />
      </div>
    </section>
  );
}
