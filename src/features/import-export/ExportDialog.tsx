import { useEffect, useId, useMemo, useState } from 'react';
import type { Bench, CaseStudyInfo } from '../../core/types';
import {
  caseStudyDefaults,
  caseStudyFileName,
  checkGithubHandle,
  fileStem,
  patternsOfDay,
  SUBMITTER_PLACEHOLDER,
} from '../../exports/case-study';
import { CASE_STUDY_FIELDS, fieldOf, numberField } from '../../bench/bench-schema';

const caseLabel = (key: keyof CaseStudyInfo & string) => fieldOf(CASE_STUDY_FIELDS, key).label;
import { writePythonScript } from '../../exports/python';
import {
  isSchedulerTarget,
  SCHEDULER_TARGETS,
  SCHEDULERS,
  writeScheduler,
  type SchedulerExport,
  type SchedulerTarget,
} from '../../exports/schedulers';
import { dayOf, planOf } from '../../store/plan';
import { usePlanner } from '../../store/store';
import { writeYaml } from './importer';
import type { ExportFormat } from '../../exports/formats';
import { NumberField } from '../../components/NumberField';
import { Dialog } from '../../components/Dialog';
import { copyText, downloadText } from './files';

type DialogFormat = ExportFormat;

const FORMATS: readonly { id: Exclude<DialogFormat, SchedulerTarget>; label: string; about: string }[] = [
  { id: 'bench', label: 'Bench document', about: 'Hardware, models and windows: what the planner reads back.' },
  {
    id: 'nvinx',
    label: 'nvinx config',
    about: 'Hardware and models only, as nvinx’s configs/bench_*.yaml (timing fields left out).',
  },
  {
    id: 'case-study',
    label: 'Case study',
    about: 'nvinx’s case-study submission (examples/case_studies/), with the form below.',
  },
  {
    id: 'python',
    label: 'Python script',
    about: 'Calls nvinx 0.1’s patterns for each window and checks its answers against this plan.',
  },
];

const DOMAINS = ['bioinformatics', 'RAG', 'CV', 'NLP', 'structural-biology', 'other'];

const CLUSTER_FORMATS = SCHEDULER_TARGETS.map((id) => ({
  id,
  label: SCHEDULERS[id].label,
  about: SCHEDULERS[id].about,
}));

/**
 * The export's text: YAML for the planner's formats is written in the worker (the page never
 * loads `yaml`); the Python script and the cluster exports are written here.
 */
const lineCount = (text: string) => {
  const n = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  return n === 1 ? '1 line' : `${n.toLocaleString('en-US')} lines`;
};

function useExportText(
  format: DialogFormat,
  bench: Bench,
  info: CaseStudyInfo,
  pyName: string,
  cluster: SchedulerExport | null,
) {
  const python = useMemo(
    () => (format === 'python' ? writePythonScript(bench, pyName) : null),
    [format, bench, pyName],
  );
  const [yaml, setYaml] = useState<{ for: unknown; text: string } | null>(null);
  const request = useMemo(() => ({ format, bench, info }), [format, bench, info]);
  useEffect(() => {
    if (request.format === 'python' || isSchedulerTarget(request.format)) return;
    let live = true;
    void writeYaml(request.format, request.bench, request.info).then((text) => {
      if (live) setYaml({ for: request, text });
    });
    return () => {
      live = false;
    };
  }, [request]);
  if (python !== null) return { text: python, ready: true };
  if (cluster !== null) return { text: cluster.text, ready: true };
  return { text: yaml?.text ?? '', ready: yaml?.for === request };
}

function TextField({
  label,
  value,
  onChange,
  multiline,
  list,
  type = 'text',
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  multiline?: boolean | undefined;
  list?: readonly string[] | undefined;
  type?: 'text' | 'date';
}) {
  const id = useId();
  return (
    <div className={`field${multiline === true ? ' wide' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {multiline === true ? (
        <textarea id={id} rows={3} value={value} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          id={id}
          type={type}
          value={value}
          list={list === undefined ? undefined : `${id}-list`}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {list === undefined ? null : (
        <datalist id={`${id}-list`}>
          {list.map((o) => (
            <option key={o} value={o} />
          ))}
        </datalist>
      )}
    </div>
  );
}

/** The submitter field: a GitHub handle, checked as typed; the file says the placeholder until it is one. */
function SubmitterField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const id = useId();
  const check = value.trim() === '' ? null : checkGithubHandle(value);
  const bad = check !== null && !check.ok;
  return (
    <div className="field">
      <label htmlFor={id}>{caseLabel('submitter')} (GitHub handle)</label>
      <input
        id={id}
        value={value}
        autoComplete="username"
        spellCheck="false"
        aria-invalid={bad}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
      />
      <p className={bad ? 'field-error' : 'field-hint'} id={`${id}-hint`}>
        {bad
          ? `${check.message} Until it is one, the file says ${SUBMITTER_PLACEHOLDER}.`
          : value.trim() === ''
            ? `Empty: the file says ${SUBMITTER_PLACEHOLDER}, as nvinx's template.`
            : 'Your GitHub handle, as nvinx asks.'}
      </p>
    </div>
  );
}

const PATTERN_CHOICES = ['serial_handoff', 'fractional_coresidency', 'ram_overflow'];

function CaseStudyForm({ info }: { info: CaseStudyInfo }) {
  const setCaseStudy = usePlanner((s) => s.setCaseStudy);
  const others = usePlanner((s) =>
    patternsOfDay(planOf(s.bench))
      .filter((p) => p !== info.pattern_tried)
      .join(', '),
  );
  const patternId = useId();
  const text = (k: keyof CaseStudyInfo & string, multiline?: boolean, list?: readonly string[]) => (
    <TextField
      label={caseLabel(k)}
      value={String(info[k] ?? '')}
      multiline={multiline}
      list={list}
      onChange={(v) => setCaseStudy({ [k]: v === '' ? undefined : v }, `case_study.${k}`)}
    />
  );
  const pattern = info.pattern_tried ?? '';
  return (
    <fieldset className="case-study-form">
      <legend>Case study</legend>
      <SubmitterField
        value={info.submitter ?? ''}
        onChange={(v) => setCaseStudy({ submitter: v === '' ? undefined : v }, 'case_study.submitter')}
      />
      <TextField
        label={caseLabel('date')}
        type="date"
        value={info.date ?? ''}
        onChange={(v) => setCaseStudy({ date: v === '' ? undefined : v }, 'case_study.date')}
      />
      {/* The case study's hardware.model: kept with the case study, never written into the bench's hardware. */}
      {text('gpu_model')}
      {text('domain', false, DOMAINS)}
      <div className="field">
        <label htmlFor={patternId}>{caseLabel('pattern_tried')}</label>
        <select
          id={patternId}
          value={pattern}
          aria-describedby={`${patternId}-hint`}
          onChange={(e) =>
            setCaseStudy({ pattern_tried: e.target.value === '' ? undefined : e.target.value }, 'case_study.pattern')
          }
        >
          <option value="">— none —</option>
          {PATTERN_CHOICES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
          {pattern === '' || PATTERN_CHOICES.includes(pattern) ? null : <option value={pattern}>{pattern}</option>}
        </select>
        <p className="field-hint" id={`${patternId}-hint`}>
          One pattern, as nvinx&apos;s template asks
          {others === '' ? '.' : `; your day also uses ${others}: say so in the description.`}
        </p>
      </div>
      <NumberField
        {...numberField(CASE_STUDY_FIELDS, 'old_wall_clock_hours')}
        optional
        value={info.old_wall_clock_hours ?? null}
        onCommit={(v) => setCaseStudy({ old_wall_clock_hours: v }, 'case_study.old')}
        hint="Prefilled with the waiting bench's hours (the upper end of any range)."
      />
      <NumberField
        {...numberField(CASE_STUDY_FIELDS, 'new_wall_clock_hours')}
        optional
        value={info.new_wall_clock_hours ?? null}
        onCommit={(v) => setCaseStudy({ new_wall_clock_hours: v }, 'case_study.new')}
        hint="Prefilled with the planned day's hours (the upper end of any range)."
      />
      {text('description', true)}
      {text('what_broke', true)}
      {text('suggested_improvements', true)}
    </fieldset>
  );
}

/** Beside a cluster export: what it promises, what does not fit its slices, and what it leaves out. */
function ClusterChecks({ target, out }: { target: SchedulerTarget; out: SchedulerExport }) {
  const info = SCHEDULERS[target];
  return (
    <section className="cluster-checks" aria-label={`${info.label}: what it promises`}>
      <p>
        <strong>What it promises.</strong> {info.promise}
      </p>
      {out.flags.length === 0 ? (
        <p className="cluster-ok">
          Every co-resident set fits {info.label}’s slices ({out.jobs} {out.jobs === 1 ? 'job' : 'jobs'}).
        </p>
      ) : (
        <div className="cluster-flags" role="alert">
          <p>
            <strong>Does not fit {info.label}’s slices:</strong>
          </p>
          <ul>
            {out.flags.map((f, i) => (
              <li key={i}>{f}</li>
            ))}
          </ul>
        </div>
      )}
      {out.notes.length === 0 ? null : (
        <ul className="cluster-notes">
          {out.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function ExportDialog({ onClose }: { onClose: () => void }) {
  const id = useId();
  // The bench itself, not the deferred one: the case-study form's inputs show these values.
  const bench = usePlanner((s) => s.bench);
  const [format, setFormat] = useState<DialogFormat>('bench');
  const [status, setStatus] = useState('');
  const [today] = useState(() => new Date().toISOString().slice(0, 10));
  const info = useMemo(() => {
    const plan = planOf(bench);
    return caseStudyDefaults(bench, plan, dayOf(bench, plan), today);
  }, [bench, today]);
  const cluster = useMemo(
    () => (isSchedulerTarget(format) ? writeScheduler(format, bench, planOf(bench)) : null),
    [format, bench],
  );
  const stem = fileStem(bench.name);
  const fileName =
    cluster !== null
      ? cluster.fileName
      : format === 'bench'
        ? `${stem}.planner.yaml`
        : format === 'nvinx'
          ? `${stem}.yaml`
          : format === 'case-study'
            ? caseStudyFileName(info, bench.name ?? '')
            : `${stem}_plan.py`;
  const { text, ready } = useExportText(format, bench, info, fileName, cluster);
  const radio = (f: { id: DialogFormat; label: string; about: string }) => (
    <label key={f.id} className="format">
      <input
        type="radio"
        name={`${id}-format`}
        value={f.id}
        checked={format === f.id}
        onChange={() => {
          setFormat(f.id);
          setStatus('');
        }}
      />
      <span>
        <strong>{f.label}</strong> <span className="muted">{f.about}</span>
      </span>
    </label>
  );
  const mime = isSchedulerTarget(format)
    ? SCHEDULERS[format].mime
    : format === 'python'
      ? 'text/x-python'
      : 'application/yaml';
  return (
    <Dialog title="Export" onClose={onClose} className="export-dialog">
      <fieldset className="formats">
        <legend>Format</legend>
        {FORMATS.map(radio)}
      </fieldset>
      <fieldset className="formats">
        <legend>Run the day on a cluster</legend>
        {CLUSTER_FORMATS.map(radio)}
      </fieldset>
      {format === 'case-study' ? <CaseStudyForm info={info} /> : null}
      {cluster !== null ? <ClusterChecks target={cluster.target} out={cluster} /> : null}
      <div className="field wide">
        <label htmlFor={`${id}-preview`}>
          {fileName}{' '}
          <span className="muted" role="status">
            {ready ? `(${lineCount(text)})` : '(writing it…)'}
          </span>
        </label>
        <textarea
          id={`${id}-preview`}
          className="preview"
          readOnly
          rows={14}
          spellCheck="false"
          value={ready ? text : ''}
          placeholder={`Writing ${fileName}…`}
          aria-busy={!ready}
        />
      </div>
      <div className="actions">
        <button
          type="button"
          disabled={!ready}
          onClick={() => {
            downloadText(fileName, text, mime);
            setStatus(`Downloaded ${fileName}.`);
          }}
        >
          Download {fileName}
        </button>
        <button
          type="button"
          disabled={!ready}
          onClick={() =>
            void copyText(text).then((ok) =>
              setStatus(ok ? 'Copied to the clipboard.' : 'The browser did not allow copying: select the text above.'),
            )
          }
        >
          Copy
        </button>
        <span role="status" className="muted">
          {status}
        </span>
      </div>
    </Dialog>
  );
}
