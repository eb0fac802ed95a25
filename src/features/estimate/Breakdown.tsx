import { fmtNum, TERM_LABELS } from '../../core/footprint';
import type { VramEstimate } from '../../core/types';
import { CONFIDENCE_WORDS, confidenceOf, estimateAdvice, type EstimateOutcome } from '../../core/estimate-card';

const capitalize = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

type Worked = Extract<EstimateOutcome, { ok: true }>;

/** An estimate's breakdown: each term with its formula, the total a card takes, experts placed in RAM. */
export function Breakdown({ name, draft, outcome }: { name: string; draft: VramEstimate; outcome: Worked }) {
  const { footprint, vramGb, ramGb, slowdown } = outcome;
  return (
    <table className="breakdown">
      <caption>
        VRAM estimate for {name}, from {draft.from}
        {draft.architecture === undefined ? '' : ` (${draft.architecture})`}
      </caption>
      <thead>
        <tr>
          <th scope="col">Term</th>
          <th scope="col" className="num">
            GiB
          </th>
          <th scope="col">How</th>
        </tr>
      </thead>
      <tbody>
        {footprint.terms.map((t) => (
          <tr key={t.name}>
            <th scope="row">{capitalize(TERM_LABELS[t.name])}</th>
            <td className="num">{t.gb.toFixed(3)}</td>
            <td className="formula">{t.formula}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td className="num">{footprint.totalGb.toFixed(3)}</td>
          <td>Filled in rounded up: {vramGb} GB.</td>
        </tr>
        {footprint.ram === null ? null : (
          <tr>
            <th scope="row">{capitalize(TERM_LABELS.experts_in_ram)}</th>
            <td className="num">{footprint.ram.gb.toFixed(3)}</td>
            <td className="formula">
              {footprint.ram.formula}. Outside the VRAM total; system RAM needed: {ramGb} GB.
              {slowdown === null
                ? ' Give the hardware card its GPU and RAM bandwidths for the time it costs.'
                : ` Per token, against all in VRAM: ${slowdown.formula}.`}
            </td>
          </tr>
        )}
      </tfoot>
    </table>
  );
}

/** How far the estimate can be trusted, and what it assumed. */
export function Assumed({ draft, activeParameters }: { draft: VramEstimate; activeParameters: number | null }) {
  const notes = draft.notes ?? [];
  const confidence = confidenceOf(draft);
  return (
    <div className="estimate-assumed">
      <p>
        {confidence === undefined ? null : (
          <span className={`confidence confidence-${confidence}`}>Confidence {CONFIDENCE_WORDS[confidence]}.</span>
        )}
        {activeParameters === null
          ? null
          : ` A mixture of experts: every expert is held in memory; a token reads ${fmtNum(activeParameters)} of the ${fmtNum(draft.parameters)} parameters.`}
      </p>
      {notes.length === 0 ? null : (
        <details>
          <summary>
            What the estimate assumed ({notes.length} {notes.length === 1 ? 'note' : 'notes'})
          </summary>
          <ul>
            {notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** What a large estimate means for this bench, and what would shrink it. */
export function Advice({ draft, outcome, benchVram }: { draft: VramEstimate; outcome: Worked; benchVram: number }) {
  const lines = estimateAdvice(draft, outcome.footprint, outcome.vramGb, benchVram);
  if (lines.length === 0) return null;
  return (
    <ul className="field-hint estimate-advice">
      {lines.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  );
}
