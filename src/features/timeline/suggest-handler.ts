/** The suggest worker's work: the suggestion, and a few progress messages on the way. */
import { suggestDay } from '../../core/suggest';
import type { SuggestRequest, SuggestResponse } from './suggest-client';

export function handleSuggest(req: SuggestRequest, post: (r: SuggestResponse) => void): void {
  let last = 0;
  const { model: _model, ...result } = suggestDay(req.bench, {
    onProgress: (done) => {
      // A few messages, not thousands.
      if (done - last < 0.05 && done < 1) return;
      last = done;
      post({ kind: 'progress', done });
    },
  });
  post({ kind: 'done', result });
}
