/** The suggest worker's work: the suggestion, and a few progress messages on the way. */
import { suggestDay } from '../core/suggest';
import type { SuggestRequest, SuggestResponse } from './suggest-client';

/**
 * The page answers within about this long (issue 17: 2,000 cards within 2 s): past it, the
 * search gives its best day so far, with its bound. On an ordinary machine a bench of a few
 * thousand cards finishes well before (docs/suggest.md, Figures), so the limit only decides
 * on a slow or busy machine or a far larger bench.
 */
const PAGE_TIME_LIMIT_MS = 1500;

export function handleSuggest(req: SuggestRequest, post: (r: SuggestResponse) => void): void {
  let last = 0;
  const { model: _model, ...result } = suggestDay(req.bench, {
    timeLimitMs: PAGE_TIME_LIMIT_MS,
    onProgress: (done) => {
      // A few messages, not thousands.
      if (done - last < 0.05 && done < 1) return;
      last = done;
      post({ kind: 'progress', done });
    },
  });
  post({ kind: 'done', result });
}
