import type { OverflowHint, SplitHint } from '../core/types';

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

/**
 * The split's hint as code: accelerate's `from_pretrained` (max_memory keys are GPU indices,
 * ints in Python, then "cpu") and llama.cpp's `--tensor-split` with every layer on the GPUs.
 */
export function splitSnippet(hint: SplitHint): string {
  const mm = Object.entries(hint.max_memory)
    .map(([k, v]) => (k === 'cpu' ? `"cpu": "${v}"` : `${k}: "${v}"`))
    .join(', ');
  const lines = [
    'from transformers import AutoModel',
    '',
    'model = AutoModel.from_pretrained(',
    `    "${hint.model.name.replace(/["\\]/g, '')}",  # your model id`,
    `    device_map="${hint.device_map}",`,
    `    max_memory={${mm}},`,
    ')',
  ];
  if (hint.tensor_split !== '') {
    const devices = hint.parts.map((p) => p.gpu).join(',');
    lines.push(
      '',
      hint.cpu_gb > 0
        ? '# llama.cpp: the same proportions over the GPUs; lower --n-gpu-layers until the rest fits in RAM'
        : '# llama.cpp: the same proportions over the GPUs, every layer on them',
      `CUDA_VISIBLE_DEVICES=${devices} llama-server -m model.gguf --split-mode layer --tensor-split ${hint.tensor_split}` +
        (hint.cpu_gb > 0 ? '' : ' --n-gpu-layers 999'),
    );
  }
  return lines.join('\n');
}
