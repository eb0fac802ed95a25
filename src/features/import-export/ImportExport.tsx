import { lazyPart } from '../../components/LazyPart';
import { failedDialog } from '../../components/Dialog';
import { useFeatureSlots } from '../../components/feature-slots';
import { useCallback, useState } from 'react';
import { importSummary } from '../../bench/messages';
import { calibrationAttached, calibrationRefused, namedFromSource } from '../../bench/import-notices';
import type { ReadResult } from '../../bench/issues';
import { withCalibration } from '../../core/interference';
import { usePlanner } from '../../store/store';
import { readCalibration, readFileText, readYaml } from './importer';
import type { ImportFailure } from './ImportDialog';
import { LinkStatusLine, ShareLinkOpener, useCopyLink } from './ShareLinks';
import { useFileDrop } from './useFileDrop';
import { FileActions } from './FileActions';

import { isModelFile } from '../../components/read-file';

const ExportDialog = lazyPart(() => import('./ExportDialog'), {
  what: 'the export dialog',
  frame: failedDialog('Export'),
});
const ImportDialog = lazyPart(() => import('./ImportDialog').then((m) => ({ default: m.ImportDialog })), {
  what: 'the import dialog',
  frame: failedDialog('Import a bench'),
});
/** The calibration reader (with what tells pasted text apart): loaded when a file or a paste comes, not with the page. */
const calibrationReader = () => import('../../bench/interference-reader');
const pastedKindOf = async (text: string) => (await import('../../components/pasted-kind')).pastedKind(text);

/**
 * The toolbar's file actions (Import…, Export…, Copy link), the page-wide drop target, and
 * opening share links: a chunk of its own, loaded after the first paint (before it, at once
 * when the page opens a share link), its buttons drawn meanwhile by `FileActions`. All I/O lives here, not in the store's actions; what is said after
 * an import is `bench/import-notices.ts`, what pasted text is `components/pasted-kind.ts`.
 */
export function ImportExport() {
  const loadBench = usePlanner((s) => s.loadBench);
  const setCalibration = usePlanner((s) => s.setCalibration);
  const setNotice = usePlanner((s) => s.setNotice);
  const [importOpen, setImportOpen] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ImportFailure | null>(null);
  const [modelFile, setModelFile] = useState<File | null>(null);
  const { ModelFileDialog } = useFeatureSlots();
  const [linkStatus, copyLink, dismissLink] = useCopyLink();

  const finish = useCallback(
    (source: string, text: string, r: ReadResult) => {
      if (r.ok) {
        void loadBench(namedFromSource(r.bench, source)).then(
          (c) => c.ok && setNotice(importSummary(source, r), 'info'),
        );
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
      if (!r.ok) {
        const n = calibrationRefused(source, r.errors, r.warnings);
        setNotice(n.text, n.tone, n.details);
        return;
      }
      const bench = usePlanner.getState().bench;
      const calibration = withCalibration(bench.interference, r.calibration);
      if (!(await setCalibration(calibration)).ok) return;
      const n = calibrationAttached(source, calibration, bench.models, r.warnings);
      setNotice(n.text, n.tone, n.details);
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
        } else if (as === 'calibration' || (await calibrationReader()).looksLikeCalibration(file.name, got.text)) {
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
    async (text: string) => {
      switch (await pastedKindOf(text)) {
        case 'model':
          setImportOpen(false);
          setModelFile(new File([text], 'config.json', { type: 'application/json' }));
          return;
        case 'calibration':
          setImportOpen(false);
          void importCalibration('the pasted calibration', text);
          return;
        case 'bench':
          void importText(text, 'the pasted text');
      }
    },
    [importCalibration, importText],
  );

  const dragging = useFileDrop(routeFile);

  return (
    <>
      <FileActions
        busy={busy}
        actions={{
          onImport: () => {
            setFailure(null);
            setImportOpen(true);
          },
          onCalibration: (f) => void importFile(f, 'calibration'),
          onExport: () => setExportOpen(true),
          onCopyLink: () => void copyLink(),
        }}
      />
      <LinkStatusLine status={linkStatus} onDismiss={dismissLink} />
      <ShareLinkOpener />
      {importOpen ? (
        <ImportDialog
          busy={busy}
          failure={failure}
          onFile={routeFile}
          onText={routeText}
          onClose={() => setImportOpen(false)}
        />
      ) : null}
      {exportOpen ? <ExportDialog onClose={() => setExportOpen(false)} /> : null}
      {modelFile === null || ModelFileDialog === null ? null : (
        <ModelFileDialog file={modelFile} onClose={() => setModelFile(null)} />
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
