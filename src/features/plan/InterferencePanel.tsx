import { useId } from 'react';
import { coresidentFactors, formatHours } from '../../core/timing';
import { formatFixed } from '../../core/pyformat';
import { listNames } from '../../core/words';
import { measuredOf, type InterferenceReport } from '../../core/interference';
import type { Calibration } from '../../core/types';
import type { SchedulingPlan } from '../../core/types';
import type { WindowResult } from '../../core/day';
import { usePlanner } from '../../store/store';

/** Milliseconds as nvinx's notes print them (Python's `:.1f`: 64.25 → 64.2, half to even). */
const ms = (x: number) => formatFixed(x, 1);

const SOURCE_WORDS: Record<string, string> = {
  queue_aware: 'queue-aware',
  queue_aware_v5: 'V5 (γ)',
  lookup: 'measured lookup',
  fallback_unknown: 'no prediction (no θ)',
};

function lopoText(c: Calibration): string {
  const pct = (x: number | null) => (x === null ? null : `${x.toFixed(1)}%`);
  const v1 =
    c.lopo_mean_pct === null && c.lopo_max_pct === null
      ? 'The file reports no leave-one-pair-out (LOPO) error.'
      : `Leave-one-pair-out error the file reports (queue-aware): mean ${pct(c.lopo_mean_pct) ?? '—'}, max ${pct(c.lopo_max_pct) ?? '—'}.`;
  const v5 =
    c.lopo_mean_pct_v5 === null && c.lopo_max_pct_v5 === null
      ? ''
      : ` With V5 (γ = ${c.gamma_kernel_size ?? '—'}): mean ${pct(c.lopo_mean_pct_v5) ?? '—'}, max ${pct(c.lopo_max_pct_v5) ?? '—'}.`;
  return v1 + v5;
}

/**
 * nvinx 0.3's interference for one co-residency window: each co-resident pair's predicted
 * latencies against the calibration's measured ones, the LOPO error the file reports, the
 * slowdown each model gets in the day, and a way to remove the calibration.
 */
export function InterferencePanel({
  result,
  plan,
  report,
  calibration,
}: {
  result: WindowResult;
  plan: SchedulingPlan;
  report: InterferenceReport;
  calibration: Calibration;
}) {
  const setCalibration = usePlanner((s) => s.setCalibration);
  const setNotice = usePlanner((s) => s.setNotice);
  const captionId = useId();
  const missing = plan.gpu_coresident.map((m) => m.name).filter((n) => !report.profiled.includes(n));
  const timing = plan.gpu_coresident.length > 1 ? coresidentFactors(result, plan.gpu_coresident, calibration) : null;
  return (
    <section className="interference" aria-labelledby={captionId}>
      <h4 id={captionId}>Interference (nvinx 0.3 calibration: {calibration.hw_coefs.substrate_name})</h4>
      {report.pairs.length === 0 ? (
        <p className="muted">
          {report.profiled.length < 2
            ? `Fewer than two co-resident models have a profile in the calibration, so no pair is predicted.`
            : 'No pair to predict.'}
        </p>
      ) : (
        <table className="interference-table">
          <caption>
            Each co-resident pair&apos;s latency per inference (ms): predicted by nvinx 0.3 against the
            calibration&apos;s measurement
          </caption>
          <thead>
            <tr>
              <th scope="col">Pair</th>
              <th scope="col">Model</th>
              <th scope="col">Predicted (ms)</th>
              <th scope="col">Measured (ms)</th>
              <th scope="col">Predicted − measured</th>
              <th scope="col">Via</th>
            </tr>
          </thead>
          <tbody>
            {report.pairs.flatMap((p) => {
              const measured = measuredOf(calibration, p.a, p.b);
              const pair = `${p.a} + ${p.b}`;
              return (
                [
                  [p.a, p.prediction.a, measured?.[0]],
                  [p.b, p.prediction.b, measured?.[1]],
                ] as const
              ).map(([name, pred, meas], k) => (
                <tr key={`${pair}:${k}`}>
                  {k === 0 ? (
                    <th scope="rowgroup" rowSpan={2}>
                      {pair}
                    </th>
                  ) : null}
                  <td>{name}</td>
                  <td className="num">{ms(pred)}</td>
                  <td className="num">{meas === undefined ? 'not measured' : ms(meas)}</td>
                  <td className="num">
                    {meas === undefined
                      ? '—'
                      : `${pred >= meas ? '+' : '−'}${Math.abs(((pred - meas) / meas) * 100).toFixed(1)}%`}
                  </td>
                  <td>{SOURCE_WORDS[p.prediction.source] ?? p.prediction.source}</td>
                </tr>
              ));
            })}
          </tbody>
        </table>
      )}
      <p className="muted">
        {lopoText(calibration)} The differences in the table are in-sample (these pairs were measured to fit the
        calibration); the LOPO error is the out-of-sample figure.
      </p>
      {missing.length > 0 ? <p className="muted">No profile in the calibration: {listNames(missing, 8)}.</p> : null}
      {timing === null ? null : 'factors' in timing ? (
        <p>
          In the day, each model&apos;s hours are multiplied by its predicted slowdown (latency beside its partners ÷
          alone): {timing.factors.map((f) => `${f.name} ${formatHours(f.factor)}×`).join(', ')}
          {timing.factors.length > 2
            ? ' (with more than two models, each partner’s excess adds: 1 + Σ(ratio − 1))'
            : ''}
          .
        </p>
      ) : (
        <p>The day uses the bench&apos;s single co-residency slowdown here: {timing.reason}.</p>
      )}
      <button
        type="button"
        onClick={() => {
          void setCalibration(undefined).then(
            (r) =>
              r.ok &&
              setNotice(
                "Calibration removed: co-residency windows use nvinx 0.1's notes and the single slowdown again. Undo brings it back.",
                'info',
              ),
          );
        }}
      >
        Remove calibration
      </button>
    </section>
  );
}
