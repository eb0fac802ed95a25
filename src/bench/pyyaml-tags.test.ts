import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseWithPositions, readBench } from './read';

/** Explicitly tagged values, each as `x: <value>`: standard tags, odd texts, unknown tags. */
const TAGGED = [
  '!!float 32',
  '!!float "4"',
  '!!float 1e3',
  '!!float 1E3',
  '!!float .inf',
  '!!float -.inf',
  '!!float .NaN',
  '!!float inf',
  '!!float 1_000.5',
  '!!float 1:30',
  '!!float -1:30.5',
  '!!float " 4 "',
  '!!float +5',
  '!!float 5.',
  '!!float abc',
  '!!float ""',
  '!!float 0x10',
  '!!int 4',
  '!!int "4"',
  '!!int 0x1F',
  '!!int 017',
  '!!int 0o17',
  '!!int 0b101',
  '!!int -1_000',
  '!!int 1:30',
  '!!int -0',
  '!!int 4.0',
  '!!int ""',
  '!!int 08',
  '!!int 1e3',
  '!!str 4',
  '!!str yes',
  '!!str ~',
  '!!bool yes',
  '!!bool YES',
  '!!bool yEs',
  '!!bool Off',
  '!!bool 1',
  '!!bool y',
  '!!null ""',
  '!!null x',
  '!!null ~',
  '!foo 4',
  '!!python/tuple [1]',
  '!!str {a: 1}',
  '!!float [1]',
  '!!merge x',
];

/** A value with its kind (an int and a float differ), or "refused". */
type Seen = 'refused' | { int: string } | { float: number | string } | string | boolean | null | Seen[];

function ours(value: string): Seen {
  const { doc } = parseWithPositions(`x: ${value}\n`);
  const refused = doc.errors.length > 0 || doc.warnings.some((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (refused) return 'refused';
  const kind = (v: unknown): Seen => {
    if (typeof v === 'bigint') return { int: String(v) };
    if (typeof v === 'number')
      return { float: Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : v };
    if (Array.isArray(v)) return v.map(kind);
    return v as Seen;
  };
  return kind((doc.toJS() as { x: unknown }).x);
}

const PYTHON = `
import json, math, sys, yaml
def kind(v):
    if isinstance(v, bool) or v is None or isinstance(v, str): return v
    if isinstance(v, int): return {"int": str(v)}
    if isinstance(v, float):
        return {"float": "nan" if math.isnan(v) else "inf" if v == math.inf else "-inf" if v == -math.inf else v}
    if isinstance(v, (list, tuple)): return [kind(x) for x in v]
    return repr(v)
out = []
for value in json.load(sys.stdin):
    try: out.append(kind(yaml.safe_load("x: " + value + "\\n")["x"]))
    except Exception: out.append("refused")
print(json.dumps(out))
`;

const hasPyYAML = spawnSync('python3', ['-c', 'import yaml']).status === 0;

describe('explicit tags are read as PyYAML (nvinx) reads them', () => {
  it.runIf(hasPyYAML)('every tagged value: the same value and kind, or refused where PyYAML refuses', () => {
    const py = spawnSync('python3', ['-c', PYTHON], { input: JSON.stringify(TAGGED), encoding: 'utf8' });
    expect(py.stderr).toBe('');
    const theirs = JSON.parse(py.stdout) as Seen[];
    expect(TAGGED.map((v) => [v, ours(v)])).toEqual(TAGGED.map((v, i) => [v, theirs[i]]));
  });

  it('!!float on an integer literal is a float, where yaml alone kept the text', () => {
    expect(ours('!!float 32')).toEqual({ float: 32 });
    const r = readBench('hardware:\n  vram_gb: !!float 4\n  ram_gb: !!int "32"\n  cpu_cores: 8\nmodels: []\n');
    expect(r.ok && r.bench.hardware).toEqual({ vram_gb: 4, ram_gb: 32, cpu_cores: 8 });
  });

  it('a value a tag cannot make, and a tag PyYAML does not know, are refused at the tag', () => {
    const r = readBench('hardware:\n  vram_gb: !!int 4.0\n  ram_gb: !custom 32\n  cpu_cores: 8\nmodels: []\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [2, 12, `YAML tag: !!int cannot make a whole number of "4.0" (PyYAML's safe_load refuses it too)`],
      [3, 11, expect.stringMatching(/^YAML tag: !custom cannot be read here: PyYAML's safe_load .* remove the tag$/)],
    ]);
  });
});
