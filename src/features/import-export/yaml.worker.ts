// The `yaml` package's work, off the page's thread: reading imports (so a slow or hostile
// file cannot freeze the tab) and writing exports (so `yaml` never loads in the page).
import { readBench, writeBench, writeCaseStudy, writeNvinxConfig } from '../../io/yaml';
import type { YamlRequest, YamlResponse } from './yaml-protocol';

interface WorkerScope {
  onmessage: ((e: MessageEvent<YamlRequest>) => void) | null;
  postMessage(response: YamlResponse): void;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = (e) => {
  const req = e.data;
  if (req.op === 'read') scope.postMessage({ id: req.id, op: 'read', result: readBench(req.text) });
  else {
    const text =
      req.format === 'bench'
        ? writeBench(req.bench)
        : req.format === 'nvinx'
          ? writeNvinxConfig(req.bench)
          : writeCaseStudy(req.bench, req.info);
    scope.postMessage({ id: req.id, op: 'write', text });
  }
};
