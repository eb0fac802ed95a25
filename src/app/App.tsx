import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useAfterFirstPaint } from '../components/after-first-paint';
import type { Bench } from '../core/types';
import { plural } from '../core/words';
import { defaultBench, DEFAULT_PRESET, PRESET_MENU, type Preset } from '../store/presets/default';
import type { BenchOrigin } from '../store/presets';
import { usePlanner } from '../store/store';
import { Live } from '../components/Live';
import { lazyPart } from '../components/LazyPart';
import { PlanSection } from '../features/plan/PlanSection';
import { DayPanel } from '../features/timeline/DayPanel';
import { FileActions } from '../features/import-export/FileActions';
import { isShareFragment } from '../bench/share-fragment';

// What the first paint does not draw loads right after it, each in a chunk of its own: the
// editors (a wide screen's left column, below the plan on a narrow one: nothing above them
// moves when they come), the plan view (below the day: its section and title are drawn at
// once), the guided tour (an overlay) and the presets' benches.
// Each shows what loads in its place, and if its chunk fails, a line that says so with Try again.
// The store's commits (the edits and the check) start loading beside the editors; a failed load
// is reported by the store on the edit that needs them, which loads them again.
const EDITORS_LOADING = <p className="lazy-loading muted">Loading the editors…</p>;
const Editors = lazyPart(
  () => {
    usePlanner.loadCommits().catch(() => undefined);
    return import('./Editors');
  },
  { what: 'the editors', loading: EDITORS_LOADING },
);
// The preset menu's question before replacing a bench of yours: loaded when it is asked.
const ReplacePrompt = lazyPart(
  () => import('../features/import-export/ReplacePrompt').then((m) => ({ default: m.ReplacePrompt })),
  {
    what: 'the question before loading a preset',
    // Its failed load keeps the question's place and title, with Keep mine to put it away.
    frame: (line, { title, onKeep }) => (
      <FailedQuestion title={title} onKeep={onKeep}>
        {line}
      </FailedQuestion>
    ),
  },
);

/** The preset question's box when its chunk did not load: its title, the failure line, and Keep mine (focused). */
function FailedQuestion({ title, onKeep, children }: { title: string; onKeep: () => void; children: ReactNode }) {
  const id = useId();
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <div className="share-prompt" role="alertdialog" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
      <div className="actions">
        <button type="button" ref={keep} onClick={onKeep}>
          Keep mine
        </button>
      </div>
    </div>
  );
}
// The file actions come with the pieces they show of other features (the model-file dialog);
// their buttons are drawn disabled in place while they load.
const FILE_ACTIONS_WAITING = <FileActions busy={false} actions={null} />;
const ImportExport = lazyPart(() => import('./ImportExportSlots'), {
  what: 'the file actions',
  loading: FILE_ACTIONS_WAITING,
});
const PlanView = lazyPart(() => import('../features/plan/PlanView').then((m) => ({ default: m.PlanView })), {
  what: 'the plan view',
  loading: <PlanSection />,
  frame: (line) => <PlanSection>{line}</PlanSection>,
});
const Tour = lazyPart(() => import('../features/tour/Tour').then((m) => ({ default: m.Tour })), {
  what: 'the guided tour',
});

function isEditableTarget(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && (t.isContentEditable || t.tagName === 'TEXTAREA');
}

/** Ctrl/Cmd+Z undoes, Shift+Ctrl/Cmd+Z (or Ctrl+Y) redoes — anywhere but in a text area. */
function useUndoKeys() {
  const undo = usePlanner((s) => s.undo);
  const redo = usePlanner((s) => s.redo);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || isEditableTarget(e.target)) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) undo();
      else if ((k === 'z' && e.shiftKey) || k === 'y') redo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);
}

type PresetModule = typeof import('../store/presets');
/** The presets' benches: loaded after the first render (the menu's entries and the default bench are eager). */
const presetModule = () => import('../store/presets');

/**
 * The preset menu: it shows what is open (a preset, a preset you edited, or your bench),
 * and Load asks before replacing a bench of yours (as a share link does). Undo after
 * loading brings yours back.
 */
function PresetMenu() {
  const id = useId();
  const bench = usePlanner((s) => s.bench);
  const [presets, setPresets] = useState<PresetModule | null>(null);
  const painted = useAfterFirstPaint();
  useEffect(() => {
    if (painted) void presetModule().then(setPresets);
  }, [painted]);
  // Until the presets' benches are in, only the default bench as it loads is known for a preset;
  // any other bench (a reload's, a link's) is not known yet to be a preset, edited or yours.
  const origin = useMemo<BenchOrigin | { readonly kind: 'unread' }>(
    () =>
      presets !== null
        ? presets.benchOrigin(bench)
        : bench === defaultBench()
          ? { kind: 'preset', preset: DEFAULT_PRESET }
          : { kind: 'unread' },
    [bench, presets],
  );
  const current = origin.kind === 'preset' ? origin.preset.id : CURRENT;
  // What the menu shows until the user picks a preset: the bench that is open.
  const [choice, setChoice] = useState<string | null>(null);
  const [asking, setAsking] = useState<Pick<Preset, 'id' | 'label'> | null>(null);
  const loadBench = usePlanner((s) => s.loadBench);
  const setNotice = usePlanner((s) => s.setNotice);
  const selected = choice ?? current;
  const preset = PRESET_MENU.find((p) => p.id === selected);
  /**
   * Load preset `p` in place of the open bench; `unasked`: the bench it may replace without asking
   * (a preset as it loads), null once the user said yes. An edit made while the presets' benches
   * were still loading makes the bench the user's: then it asks, as for any bench of theirs.
   */
  const load = async (p: Pick<Preset, 'id' | 'label'>, unasked: Bench | null) => {
    const { PRESETS } = presets ?? (await presetModule());
    if (unasked !== null && usePlanner.getState().bench !== unasked) {
      setAsking(p);
      return false;
    }
    setChoice(null);
    setAsking(null);
    return (await loadBench(PRESETS.find((q) => q.id === p.id)!.bench())).ok;
  };
  const name =
    bench.name === undefined ? undefined : bench.name.length > 40 ? `${bench.name.slice(0, 39)}…` : bench.name;
  // Said only once known: a bench not yet compared with the presets shows its name alone.
  const openLabel =
    origin.kind === 'edited'
      ? `${origin.preset.label}, edited`
      : origin.kind === 'unread'
        ? (name ?? 'The open bench')
        : `Your bench${name === undefined ? '' : `: ${name}`}`;
  return (
    <div className="preset">
      <label htmlFor={id}>Preset</label>
      <select id={id} value={selected} onChange={(e) => setChoice(e.target.value === current ? null : e.target.value)}>
        {origin.kind === 'preset' ? null : <option value={CURRENT}>{openLabel}</option>}
        {PRESET_MENU.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </select>
      <button
        type="button"
        disabled={preset === undefined || selected === current}
        onClick={() => {
          if (preset === undefined) return;
          // A preset as it loads has nothing of the user's to lose; anything else asks first.
          if (origin.kind === 'preset') void load(preset, bench);
          else setAsking(preset);
        }}
      >
        Load
      </button>
      {asking === null ? null : (
        <ReplacePrompt
          title={`Load “${asking.label}”?`}
          replaceLabel="Load the preset"
          onReplace={() =>
            void load(asking, null).then(
              (ok) => ok && setNotice(`Loaded “${asking.label}”. Undo brings back yours.`, 'info'),
            )
          }
          onKeep={() => {
            setAsking(null);
            setChoice(null);
          }}
        >
          It replaces “{bench.name ?? 'your bench'}” ({plural(bench.models.length, 'card')})
          {origin.kind === 'edited'
            ? ', which you have edited'
            : origin.kind === 'yours'
              ? ', which is yours, not a preset'
              : ''}
          . Undo would bring it back.
        </ReplacePrompt>
      )}
    </div>
  );
}

/** The preset menu's entry for the open bench when it is no preset as it loads. */
const CURRENT = 'current';

function UndoRedo() {
  const canUndo = usePlanner((s) => s.past.length > 0);
  const canRedo = usePlanner((s) => s.future.length > 0);
  const undo = usePlanner((s) => s.undo);
  const redo = usePlanner((s) => s.redo);
  return (
    <div className="undo" role="group" aria-label="History">
      <button type="button" onClick={undo} disabled={!canUndo} aria-keyshortcuts="Control+Z Meta+Z">
        Undo
      </button>
      <button type="button" onClick={redo} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z">
        Redo
      </button>
    </div>
  );
}

function Notice() {
  const notice = usePlanner((s) => s.notice);
  const tone = usePlanner((s) => s.noticeTone);
  const details = usePlanner((s) => s.noticeDetails);
  const savedText = usePlanner((s) => s.savedText);
  const dismiss = usePlanner((s) => s.dismissNotice);
  const box =
    notice === null ? null : (
      <div className={`notice ${tone}`}>
        <div className="notice-body">
          <p>{notice}</p>
          {details.length === 0 ? null : (
            <details open={details.length <= 5}>
              <summary>What changed ({details.length})</summary>
              <ul>
                {details.slice(0, 200).map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
                {details.length > 200 ? <li>…and {details.length - 200} more.</li> : null}
              </ul>
            </details>
          )}
        </div>
        <div className="notice-actions">
          {savedText === null ? null : (
            <button
              type="button"
              onClick={() =>
                void import('../features/import-export/files').then((f) =>
                  f.downloadText('nvinx-planner-saved-state.json', savedText, 'application/json'),
                )
              }
            >
              Download the saved text
            </button>
          )}
          <button type="button" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      </div>
    );
  // Both regions are always in the page (announced when their text comes): an error interrupts, the rest is polite.
  return (
    <>
      <Live>{tone === 'error' ? null : box}</Live>
      <Live alert>{tone === 'error' ? box : null}</Live>
    </>
  );
}

/**
 * The toolbar's file actions: their buttons are drawn disabled until their chunk is in (after
 * the first paint; at once when the page opens a share link, which that chunk opens).
 */
function FileTools() {
  const painted = useAfterFirstPaint();
  const [opensLink] = useState(() => typeof location !== 'undefined' && isShareFragment(location.hash));
  return painted || opensLink ? <ImportExport /> : FILE_ACTIONS_WAITING;
}

export function App() {
  useUndoKeys();
  const painted = useAfterFirstPaint();
  return (
    <>
      <a className="skip" href="#day-title">
        Skip to the day
      </a>
      <header className="top">
        <div className="brand">
          <h1>nvinx planner</h1>
          <p className="tagline">
            The GPU-exclusive window is not dead time. Plan what runs on the GPU, what shares it, what the CPU does
            meanwhile, and what spills to RAM.
          </p>
        </div>
        <nav className="toolbar" aria-label="Bench">
          <PresetMenu />
          <FileTools />
          <UndoRedo />
        </nav>
      </header>
      <Notice />
      <nav className="jump" aria-label="Sections">
        <a href="#day-title">Day</a>
        <a href="#plan-title">Plan</a>
        <a href="#bench-title">Edit</a>
      </nav>
      {/* The answer first: the day and the plan come before the editors in the page's order (and on a
          narrow screen on top); a wide screen draws the editors in the left column beside them. */}
      <main className="layout">
        <div className="col col-plan">
          <DayPanel />
          {painted ? <PlanView /> : <PlanSection />}
        </div>
        <div className="col col-bench" aria-labelledby="bench-title">
          <h2 id="bench-title" className="sr-only">
            Edit the bench
          </h2>
          {painted ? <Editors /> : EDITORS_LOADING}
        </div>
      </main>
      {painted ? <Tour /> : null}
      <footer className="foot muted">
        Decisions follow nvinx 0.1 exactly. Everything runs in your browser; nothing is sent anywhere.
      </footer>
    </>
  );
}
