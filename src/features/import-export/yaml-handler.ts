// What the YAML worker does with one request (also run in-thread by the tests' Worker).
import { readBench } from '../../bench/read';
import { readCalibrationFile } from '../../bench/calibration-file';
import { writeExport } from '../../exports/write-export';
import type { YamlRequest, YamlResponse } from './yaml-protocol';

export function handleYamlRequest(req: YamlRequest): YamlResponse {
  switch (req.op) {
    case 'read':
      return { id: req.id, op: 'read', result: readBench(req.text) };
    case 'calibration':
      return { id: req.id, op: 'calibration', result: readCalibrationFile(req.text) };
    case 'write':
      return { id: req.id, op: 'write', text: writeExport(req.format, req.bench, req.info) };
  }
}
