import type { OverflowHint } from '../core/types';

/** Pattern C's hint as the `from_pretrained` call a reader pastes into Python. */
export function fromPretrainedSnippet(hint: OverflowHint): string {
  return [
    'from transformers import AutoModel',
    '',
    'model = AutoModel.from_pretrained(',
    `    "${hint.model.name.replace(/["\\]/g, '')}",  # your model id`,
    `    device_map="${hint.device_map}",`,
    `    max_memory={0: "${hint.max_memory['0']}", "cpu": "${hint.max_memory.cpu}"},`,
    ')',
  ].join('\n');
}
