import { RULES } from '../../io';
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
          label="VRAM"
          unit="GB"
          value={hw.vram_gb}
          rule={RULES.hardware.vram_gb}
          onCommit={(v) => v !== null && setHardware({ vram_gb: v }, 'hw.vram_gb')}
        />
        <NumberField
          label="RAM"
          unit="GB"
          value={hw.ram_gb}
          rule={RULES.hardware.ram_gb}
          onCommit={(v) => v !== null && setHardware({ ram_gb: v }, 'hw.ram_gb')}
        />
        <NumberField
          label="CPU cores"
          value={hw.cpu_cores}
          rule={RULES.hardware.cpu_cores}
          onCommit={(v) => v !== null && setHardware({ cpu_cores: v }, 'hw.cpu_cores')}
        />
      </div>
    </section>
  );
}
