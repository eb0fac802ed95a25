// Reads YAML off the page's thread, so a slow or hostile file cannot freeze the tab.
import { readBench, type ReadResult } from '../../io/yaml';

interface WorkerScope {
  onmessage: ((e: MessageEvent<string>) => void) | null;
  postMessage(result: ReadResult): void;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = (e) => scope.postMessage(readBench(e.data));
