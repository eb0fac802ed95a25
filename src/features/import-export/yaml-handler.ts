// What the YAML worker does with one request (also run in-thread by the tests' Worker).
import { readBench, writeExport } from '../../io/yaml';
import type { YamlRequest, YamlResponse } from './yaml-protocol';

export function handleYamlRequest(req: YamlRequest): YamlResponse {
  return req.op === 'read'
    ? { id: req.id, op: 'read', result: readBench(req.text) }
    : { id: req.id, op: 'write', text: writeExport(req.format, req.bench, req.info) };
}
