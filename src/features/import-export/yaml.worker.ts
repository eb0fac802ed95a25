// The `yaml` package's work, off the page's thread: reading imports (so a slow or hostile
// file cannot freeze the tab) and writing exports (so `yaml` never loads in the page).
import { handleYamlRequest } from './yaml-handler';
import type { YamlRequest, YamlResponse } from './yaml-protocol';

interface WorkerScope {
  onmessage: ((e: MessageEvent<YamlRequest>) => void) | null;
  postMessage(response: YamlResponse): void;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = (e) => scope.postMessage(handleYamlRequest(e.data));
