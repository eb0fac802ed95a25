import { useEffect, useState } from 'react';
import { plural } from '../../core/words';
import type { Bench } from '../../core/types';
import { isShareFragment } from '../../bench/share-fragment';
import { sharedBenchOpened } from '../../bench/import-notices';
import { usePlanner } from '../../store/store';
import { Live } from '../../components/Live';
import { copyText } from './files';
import { ReplacePrompt } from './ReplacePrompt';

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
 * Open share links, on load and when the fragment changes: at once when the open bench is
 * one the user has not edited (a preset), else after asking (`shareLinkAction` decides).
 */
export function ShareLinkOpener() {
  const loadBench = usePlanner((s) => s.loadBench);
  const setNotice = usePlanner((s) => s.setNotice);
  const [pending, setPending] = useState<PendingShare | null>(null);

  useEffect(() => {
    let live = true;
    const open = async () => {
      if (!isShareFragment(location.hash)) return;
      // The presets' benches (a link to one loads without asking) load with the codec, not with the
      // page, and so do the commits that load it (a failure to load them is said when it commits).
      const [{ shareLinkAction }, { PRESETS }] = await Promise.all([
        shareCodec(),
        import('../../store/presets'),
        usePlanner.loadCommits().catch(() => undefined),
      ]);
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
        case 'load': {
          if (!(await loadBench(action.bench)).ok) return;
          const n = sharedBenchOpened(action.bench, action.changes, false);
          setNotice(n.text, n.tone, n.details);
          return;
        }
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

  if (pending === null) return null;
  return (
    <SharePrompt
      bench={pending.bench}
      onLoad={() => {
        setPending(null);
        void loadBench(pending.bench).then((r) => {
          if (!r.ok) return;
          const n = sharedBenchOpened(pending.bench, pending.changes, true);
          setNotice(n.text, n.tone, n.details);
        });
      }}
      onKeep={() => {
        setPending(null);
        setNotice('Kept your bench; the shared one was not loaded.', 'info');
      }}
    />
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

type LinkStatus = { readonly text: string; readonly link?: string } | null;

/** Copy a link that carries the bench: what became of it, and the copier (the codec loads on first use). */
export function useCopyLink(): [LinkStatus, () => Promise<void>, () => void] {
  const [status, setStatus] = useState<LinkStatus>(null);
  const copy = async () => {
    const { shareLinkFor } = await shareCodec();
    const made = shareLinkFor(usePlanner.getState().bench, `${location.origin}${location.pathname}${location.search}`);
    if (!made.ok) return setStatus({ text: made.why });
    const { link } = made;
    const ok = await copyText(link);
    setStatus(
      ok
        ? {
            text: `Link copied (${plural(link.length, 'character')}). The bench travels in the link; nothing is uploaded.`,
          }
        : { text: 'The browser did not allow copying: select the link below and copy it.', link },
    );
  };
  return [status, copy, () => setStatus(null)];
}

/** What became of Copy link: copied, or the link to copy by hand, or why there is none. */
export function LinkStatusLine({ status, onDismiss }: { status: LinkStatus; onDismiss: () => void }) {
  return (
    <Live className="link-live">
      {status === null ? null : (
        <div className="link-status">
          <span>{status.text}</span>
          {status.link === undefined ? null : (
            <input readOnly aria-label="Share link" value={status.link} onFocus={(e) => e.currentTarget.select()} />
          )}
          <button type="button" className="link" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      )}
    </Live>
  );
}
