import { useFeatureSlots } from '../../components/feature-slots';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { listNames, plural } from '../../core/words';
import type { Bench } from '../../core/types';
import { isShareFragment } from '../../bench/share-fragment';
import { importSummary } from '../../bench/messages';
import { looksLikeCalibration, withCalibration } from '../../bench/interference-reader';
import type { Issue, ReadResult } from '../../bench/issues';
import { PRESETS } from '../../store/presets';
import { usePlanner } from '../../store/store';
import { copyText } from './files';
import { readCalibration, readFileText, readYaml } from './importer';
import { ImportDialog, type ImportFailure } from './ImportDialog';
import { ReplacePrompt } from './ReplacePrompt';

import { isModelFile } from '../../components/read-file';
import { looksLikeModelFile } from '../../model-files/kind';

const ExportDialog = lazy(() => import('./ExportDialog'));

/** The share-link codec (with fflate): loaded when a link is opened or made, not with the page. */
const shareCodec = () => import('../../bench/share');

function clearFragment() {
  history.replaceState(null, '', `${location.pathname}${location.search}`);
}

interface PendingShare {
  readonly bench: Bench;
  readonly changes: readonly string[];
}

/**
 * The toolbar's file actions (Import…, Export…, Copy link), the page-wide drop target, and
 * opening share links. All I/O lives here, not in the store's actions.
 */
export function ImportExport() {
  const loadBench = usePlanner((s) => s.loadBench);
  const setCalibration = usePlanner((s) => s.setCalibration);
  const setNotice = usePlanner((s) => s.setNotice);
  const calibrationInput = useRef<HTMLInputElement>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ImportFailure | null>(null);
  const [dragging, setDragging] = useState(false);
  const [pending, setPending] = useState<PendingShare | null>(null);
  const [modelFile, setModelFile] = useState<File | null>(null);
  const { ModelFileDialog } = useFeatureSlots();
  const [linkStatus, setLinkStatus] = useState<{ text: string; link?: string } | null>(null);
  const dragDepth = useRef(0);

  const finish = useCallback(
    (source: string, text: string, r: ReadResult) => {
      if (r.ok) {
        const named =
          r.bench.name === undefined ? { ...r.bench, name: source.replace(/\.(ya?ml|txt)$/i, '') } : r.bench;
        loadBench(named);
        setNotice(importSummary(source, r), 'info');
        setFailure(null);
        setImportOpen(false);
      } else {
        setFailure({ source, text, errors: r.errors, warnings: r.warnings });
        setImportOpen(true);
      }
    },
    [loadBench, setNotice],
  );

  const importText = useCallback(
    async (text: string, source: string) => {
      setBusy(true);
      try {
        finish(source, text, await readYaml(text));
      } finally {
        setBusy(false);
      }
    },
    [finish],
  );

  /** A calibration_result.json: attached to the bench (one undo step), or refused whole with every problem listed. */
  const importCalibration = useCallback(
    async (source: string, text: string) => {
      const r = await readCalibration(text);
      const said = (i: Issue) => (i.line > 0 ? `line ${i.line}, column ${i.column}: ${i.message}` : i.message);
      if (!r.ok) {
        setNotice(
          `${source} was not imported as a calibration: ${plural(r.errors.length, 'problem')} (listed). Your bench is unchanged.`,
          'error',
          [...r.errors, ...r.warnings].map(said),
        );
        return;
      }
      const bench = usePlanner.getState().bench;
      const calibration = withCalibration(bench.interference, r.calibration);
      setCalibration(calibration);
      const keys = Object.keys(calibration.profiles);
      const cards = new Set(bench.models.map((m) => m.name));
      const matched = keys.filter((k) => cards.has(k));
      const elsewhere = keys.filter((k) => !cards.has(k));
      setNotice(
        `Calibration imported from ${source}: ${plural(keys.length, 'profile')}, ${matched.length} matched to cards` +
          (elsewhere.length === 0 ? '' : ` (not on this bench: ${listNames(elsewhere, 5)})`) +
          `, ${plural(calibration.pair_measurements.length, 'measured pair')}. ` +
          "Co-residency windows now carry nvinx 0.3's interference predictions and are timed from them. Undo removes it.",
        'info',
        r.warnings.map(said),
      );
    },
    [setCalibration, setNotice],
  );

  const importFile = useCallback(
    async (file: File, as: 'any' | 'calibration' = 'any') => {
      setBusy(true);
      try {
        const got = await readFileText(file);
        if ('error' in got) {
          if (as === 'calibration')
            setNotice(`${file.name}: ${got.error.ok ? '' : got.error.errors[0]?.message}`, 'error');
          else finish(file.name, '', got.error);
        } else if (as === 'calibration' || looksLikeCalibration(file.name, got.text)) {
          await importCalibration(file.name, got.text);
        } else finish(file.name, got.text, await readYaml(got.text));
      } finally {
        setBusy(false);
      }
    },
    [finish, importCalibration, setNotice],
  );

  /**
   * A file dropped on the page or picked in Import…: a model file (config.json, safetensors,
   * GGUF) asks which card it is for, a calibration is attached, the rest is read as a bench.
   */
  const routeFile = useCallback(
    (f: File) =>
      void isModelFile(f).then((model) => {
        if (!model) return importFile(f);
        setImportOpen(false);
        setModelFile(f);
      }),
    [importFile],
  );

  /** Pasted text, told apart the same way: a model's config.json, a calibration, or a bench. */
  const routeText = useCallback(
    (text: string) => {
      const json = text.trimStart().startsWith('{');
      if (json && looksLikeModelFile('config.json', text.slice(0, 65_536))) {
        setImportOpen(false);
        setModelFile(new File([text], 'config.json', { type: 'application/json' }));
      } else if (json && looksLikeCalibration('pasted.json', text)) {
        setImportOpen(false);
        void importCalibration('the pasted calibration', text);
      } else void importText(text, 'the pasted text');
    },
    [importCalibration, importText],
  );

  // Drop a file anywhere on the page.
  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') === true;
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      dragDepth.current += 1;
      setDragging(true);
    };
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = () => {
      dragDepth.current = Math.max(0, dragDepth.current - 1);
      if (dragDepth.current === 0) setDragging(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      dragDepth.current = 0;
      setDragging(false);
      const f = e.dataTransfer?.files[0];
      if (f !== undefined) routeFile(f);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    // A drop anywhere ends the drag, even one a card takes for itself (it stops the event
    // before it reaches the page): the overlay goes in the capture phase, before the card sees it.
    const onEnd = () => {
      dragDepth.current = 0;
      setDragging(false);
    };
    window.addEventListener('drop', onEnd, true);
    window.addEventListener('dragend', onEnd, true);
    return () => {
      window.removeEventListener('drop', onEnd, true);
      window.removeEventListener('dragend', onEnd, true);
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [routeFile]);

  // Open a share link: on load and when the fragment changes.
  useEffect(() => {
    let live = true;
    const open = async () => {
      if (!isShareFragment(location.hash)) return;
      const { shareLinkAction } = await shareCodec();
      if (!live) return;
      const presets = PRESETS.map((p) => p.bench());
      const action = shareLinkAction(location.hash, usePlanner.getState().bench, presets);
      if (action.kind === 'none') return;
      clearFragment();
      switch (action.kind) {
        case 'damaged':
          setNotice(`${action.message} Your bench is unchanged.`, 'error');
          return;
        case 'same':
          setNotice('This link carries the bench you already have open.', 'info');
          return;
        case 'load':
          loadBench(action.bench);
          setNotice(
            `Opened the shared bench “${action.bench.name ?? 'unnamed'}”: ${plural(action.bench.models.length, 'card')}. ` +
              (action.changes.length === 0
                ? ''
                : `Some of it could not be kept as it was, and was repaired (${plural(action.changes.length, 'change')}, listed). `) +
              'Undo brings back the previous one.',
            action.changes.length === 0 ? 'info' : 'error',
            action.changes,
          );
          return;
        case 'ask':
          setPending({ bench: action.bench, changes: action.changes });
      }
    };
    const onHash = () => void open();
    onHash();
    window.addEventListener('hashchange', onHash);
    // Copy link should not wait for the codec: fetch it once the page is idle.
    const idle =
      typeof requestIdleCallback === 'function' ? requestIdleCallback : (f: () => void) => setTimeout(f, 2000);
    idle(() => void shareCodec());
    return () => {
      live = false;
      window.removeEventListener('hashchange', onHash);
    };
  }, [loadBench, setNotice]);

  const copyLink = async () => {
    const bench = usePlanner.getState().bench;
    const { encodeShareFragment, MAX_FRAGMENT_LENGTH } = await shareCodec();
    const fragment = encodeShareFragment(bench);
    if (fragment.length > MAX_FRAGMENT_LENGTH) {
      setLinkStatus({
        text: `This bench is too large for a link (${Math.round(fragment.length / 1024)} KB); export it as YAML instead.`,
      });
      return;
    }
    const link = `${location.origin}${location.pathname}${location.search}#${fragment}`;
    const ok = await copyText(link);
    setLinkStatus(
      ok
        ? {
            text: `Link copied (${plural(link.length, 'character')}). The bench travels in the link; nothing is uploaded.`,
          }
        : { text: 'The browser did not allow copying: select the link below and copy it.', link },
    );
  };

  return (
    <>
      <div className="file-actions" role="group" aria-label="File">
        <button
          type="button"
          onClick={() => {
            setFailure(null);
            setImportOpen(true);
          }}
        >
          Import…
        </button>
        <button type="button" onClick={() => calibrationInput.current?.click()} disabled={busy}>
          Import calibration…
        </button>
        <input
          ref={calibrationInput}
          type="file"
          accept=".json,application/json"
          aria-label="Calibration file (calibration_result.json from nvinx-calibrate)"
          hidden
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (f !== undefined) void importFile(f, 'calibration');
          }}
        />
        <button type="button" onClick={() => setExportOpen(true)}>
          Export…
        </button>
        <button type="button" onClick={() => void copyLink()}>
          Copy link
        </button>
      </div>
      <div className="link-status" role="status">
        {linkStatus === null ? null : (
          <>
            <span>{linkStatus.text}</span>
            {linkStatus.link === undefined ? null : (
              <input
                readOnly
                aria-label="Share link"
                value={linkStatus.link}
                onFocus={(e) => e.currentTarget.select()}
              />
            )}
            <button type="button" className="link" onClick={() => setLinkStatus(null)}>
              Dismiss
            </button>
          </>
        )}
      </div>
      {pending === null ? null : (
        <SharePrompt
          bench={pending.bench}
          onLoad={() => {
            loadBench(pending.bench);
            setPending(null);
            setNotice(
              `Opened the shared bench “${pending.bench.name ?? 'unnamed'}”. ` +
                (pending.changes.length === 0
                  ? ''
                  : `It was repaired (${plural(pending.changes.length, 'change')}, listed). `) +
                'Undo brings back yours.',
              pending.changes.length === 0 ? 'info' : 'error',
              pending.changes,
            );
          }}
          onKeep={() => {
            setPending(null);
            setNotice('Kept your bench; the shared one was not loaded.', 'info');
          }}
        />
      )}
      {importOpen ? (
        <ImportDialog
          busy={busy}
          failure={failure}
          onFile={routeFile}
          onText={routeText}
          onClose={() => setImportOpen(false)}
        />
      ) : null}
      {exportOpen ? (
        <Suspense fallback={null}>
          <ExportDialog onClose={() => setExportOpen(false)} />
        </Suspense>
      ) : null}
      {modelFile === null || ModelFileDialog === null ? null : (
        <Suspense fallback={null}>
          <ModelFileDialog file={modelFile} onClose={() => setModelFile(null)} />
        </Suspense>
      )}
      {dragging ? (
        <div className="drop-overlay" aria-hidden="true">
          <p>
            Drop a YAML file to import it (a bench), a calibration_result.json to attach it — or a model file
            (config.json, .safetensors, .gguf) to estimate a card’s VRAM
          </p>
        </div>
      ) : null}
    </>
  );
}

function SharePrompt({ bench, onLoad, onKeep }: { bench: Bench; onLoad: () => void; onKeep: () => void }) {
  const current = usePlanner((s) => s.bench.name ?? 'your bench');
  return (
    <ReplacePrompt
      title="Open the shared bench?"
      replaceLabel="Open the shared bench"
      onReplace={onLoad}
      onKeep={onKeep}
    >
      This link carries “{bench.name ?? 'unnamed'}” ({plural(bench.models.length, 'card')}
      {bench.windows === undefined ? '' : `, ${plural(bench.windows.length, 'window')}`}). Opening it replaces “
      {current}”, which you have edited. Undo would bring yours back.
    </ReplacePrompt>
  );
}
