// Suggest a day off the page's thread: a large bench takes seconds, and the page never freezes.
import { handleSuggest } from './suggest-handler';
import type { SuggestRequest, SuggestResponse } from './suggest-client';

interface WorkerScope {
  onmessage: ((e: MessageEvent<SuggestRequest>) => void) | null;
  postMessage(response: SuggestResponse): void;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = (e) => handleSuggest(e.data, (r) => scope.postMessage(r));
