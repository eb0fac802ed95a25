import { describe, expect, it } from 'vitest';
import { readMeasuredVram } from './measured';

const gb = (text: string) => {
  const r = readMeasuredVram(text);
  if (!r.ok) throw new Error(r.error);
  return r;
};

describe('a pasted measurement', () => {
  it('llama.cpp --fit-print: the GPU lines summed, the host left out (PR #22171’s example)', () => {
    const out = [
      '0.00.196.882 I main: printing estimated memory in MiB to stdout (device, model, context, compute) ...',
      'MTL0 7401 814 517 ',
      'host 1280 0 154 ',
    ].join('\n');
    const r = gb(out);
    // 7401 + 814 + 517 = 8732 MiB = 8.527 GB
    expect(r.gb).toBe(8.527);
    expect(r.how).toBe('llama.cpp --fit-print (model + context + compute): MTL0 7401 + 814 + 517 MiB = 8732 MiB');
    expect(readMeasuredVram('host 1280 0 154')).toEqual({
      ok: false,
      error: 'the llama.cpp --fit-print lines name only the host: nothing is on the GPU',
    });
  });

  it('nvidia-smi’s table: the memory in use of the first GPU', () => {
    const table = [
      '|   0  NVIDIA GeForce RTX 3060        Off |   00000000:01:00.0  On |                  N/A |',
      '| 30%   45C    P2             60W /  170W |    5123MiB /  12288MiB |     87%      Default |',
      '|    0   N/A  N/A      4242      C   python                                     5100MiB |',
    ].join('\n');
    const r = gb(table);
    expect(r.gb).toBe(5.003);
    expect(r.how).toContain('5123 MiB in use of 12288 MiB');
  });

  it('a figure with its unit: MiB and MB as MiB, GB and GiB as the planner’s GB', () => {
    expect(gb('memory.used [MiB]\n5123 MiB').gb).toBe(5.003);
    expect(gb('6144 MB').gb).toBe(6);
    expect(gb('5.2 GB').gb).toBe(5.2);
    expect(gb('5.2GiB').gb).toBe(5.2);
    expect(gb('1,536 MiB').gb).toBe(1.5);
  });

  it('torch.cuda.max_memory_allocated(): bytes, with what it leaves out', () => {
    const r = gb('5368709120');
    expect(r.gb).toBe(5);
    expect(r.note).toContain('leaves out the CUDA context');
    expect(gb('torch.cuda.max_memory_allocated() = 3_221_225_472').gb).toBe(3);
    expect(gb('4.5').gb).toBe(4.5);
  });

  it('refuses what holds no figure, zero, and absurd sizes', () => {
    for (const bad of ['', '  ', 'out of memory', 'CUDA error: device-side assert', '0 MiB', '99999999 GB'])
      expect(readMeasuredVram(bad).ok).toBe(false);
    expect(readMeasuredVram('x'.repeat(200_000))).toEqual({
      ok: false,
      error: 'the text is longer than 100000 characters',
    });
  });
});

describe('numbers as people write them', () => {
  it('a decimal comma is a decimal point; commas between groups of three are thousands', () => {
    expect(gb('12,5 GB').gb).toBe(12.5);
    expect(gb('1,536 MiB').gb).toBe(1.5);
    expect(gb('5,368,709,120').gb).toBe(5);
    expect(gb('4,5').gb).toBe(4.5);
  });
});

describe('a bare number that could be MiB', () => {
  it('asks for its unit instead of reading nvidia-smi’s nounits 5123 as 5,123 GB', () => {
    expect(readMeasuredVram('5123')).toEqual({
      ok: false,
      error: "a bare 5123 could be MiB (nvidia-smi's nounits output) or GB: write its unit (5123 MiB)",
    });
    expect(gb('5123 MiB').gb).toBe(5.003);
    expect(gb('64').gb).toBe(64);
    expect(readMeasuredVram('65').ok).toBe(false);
  });
});

describe('a figure in exponent notation', () => {
  it('12e9 B is 12,000,000,000 bytes, not 9', () => {
    expect(gb('12e9 B').gb).toBe(11.176);
  });
});
