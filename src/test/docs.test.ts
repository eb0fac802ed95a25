// The documentation's own checks: every relative link in the Markdown files points to a file
// that exists, and to a heading of it when it names one; every folder under src/ says in its
// README.md what it owns and what it may import.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const SKIP = new Set(['node_modules', 'dist', '.git', 'playwright-report', 'test-results']);

/** Every Markdown file of the repository (outside dependencies and build output). */
function markdownFiles(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name)) return [];
    const p = join(dir, e.name);
    if (e.isDirectory()) return markdownFiles(p);
    return e.name.endsWith('.md') ? [p] : [];
  });
}

/** The text outside fenced code blocks and inline code, where links and headings are. */
function prose(md: string): string {
  return md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors a Markdown text defines (a repeated heading gets -1, -2…, as on GitHub). */
export function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of prose(md).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(m[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*_]/g, ''));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** The relative link targets of a Markdown text (`[text](target)`, images included). */
export function relativeLinks(md: string): string[] {
  return [...prose(md).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)]
    .map((m) => m[1]!)
    .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

/** What is wrong with one link from `file` (undefined when it resolves). */
function brokenLink(file: string, target: string): string | undefined {
  const [path, anchor] = target.split('#', 2) as [string, string | undefined];
  const to = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
  if (!existsSync(to)) return `${target}: no such file`;
  if (anchor === undefined || anchor === '') return undefined;
  if (!to.endsWith('.md') || statSync(to).isDirectory()) return `${target}: an anchor into a file that is not Markdown`;
  if (!anchors(readFileSync(to, 'utf8')).has(anchor)) return `${target}: no heading #${anchor} there`;
  return undefined;
}

/** The folders under `dir` that need a README: all of them, except inside a `testdata` folder. */
export function foldersNeedingReadme(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => {
      const p = join(dir, e.name);
      return e.name === 'testdata' ? [p] : [p, ...foldersNeedingReadme(p)];
    });
}

/** What is missing from a folder's README (undefined when it has a title and a paragraph). */
export function readmeProblem(dir: string): string | undefined {
  const p = join(dir, 'README.md');
  if (!existsSync(p)) return 'no README.md';
  const text = readFileSync(p, 'utf8');
  if (!/^# \S/.test(text)) return 'README.md does not start with a title';
  const body = text.replace(/^# .*\n/, '').trim();
  if (body.length < 80) return 'README.md has no paragraph saying what the folder owns';
  if (!dir.includes('testdata') && !/\bimport/i.test(body)) return 'README.md does not say what the folder may import';
  return undefined;
}

const PROJECT_PATH =
  /`((?:src\/(?:core|bench|model-files|exports|store|components|features|app|cli|test)|e2e|bench|scripts|fixtures)\/[^`\s*<>]*)`/g;

/** The project's file paths a Markdown text names in code spans (`src/core/day.ts`), outside code blocks. */
export function projectPaths(md: string): string[] {
  const outsideBlocks = md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  return [...outsideBlocks.matchAll(PROJECT_PATH)].map((m) => m[1]!.replace(/[.,:;)]+$/, ''));
}

describe('the documentation', () => {
  const files = markdownFiles();

  it('finds the README and the docs folder', () => {
    const names = files.map((f) => relative(ROOT, f));
    expect(names).toContain('README.md');
    expect(names).toContain(join('docs', 'architecture.md'));
  });

  it('keeps README.md a five-minute read (at most 200 lines; the rest is in docs/)', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(200);
  });

  it('links every docs/*.md from README.md', () => {
    const linked = new Set(relativeLinks(readFileSync(join(ROOT, 'README.md'), 'utf8')).map((t) => t.split('#')[0]));
    const docs = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md'));
    expect(docs.filter((f) => !linked.has(`docs/${f}`))).toEqual([]);
  });

  it('has no broken relative link (file or heading)', () => {
    const broken = files.flatMap((f) =>
      relativeLinks(readFileSync(f, 'utf8')).flatMap((t) => {
        const why = brokenLink(f, t);
        return why === undefined ? [] : [`${relative(ROOT, f)}: ${why}`];
      }),
    );
    expect(broken).toEqual([]);
  });

  it('names only project files that exist (`src/…`, `e2e/…`, `bench/…`, `scripts/…`, `fixtures/…`)', () => {
    const missing = files.flatMap((f) =>
      projectPaths(readFileSync(f, 'utf8'))
        .filter((p) => !existsSync(join(ROOT, p)))
        .map((p) => `${relative(ROOT, f)}: ${p}`),
    );
    expect(missing).toEqual([]);
  });

  it('has a README.md in every folder under src/, saying what it owns and may import', () => {
    const folders = [
      ...foldersNeedingReadme(join(ROOT, 'src')),
      ...['e2e', 'bench', 'scripts'].map((d) => join(ROOT, d)),
    ];
    expect(folders.length).toBeGreaterThan(20);
    const problems = folders.flatMap((d) => {
      const why = readmeProblem(d);
      return why === undefined ? [] : [`${relative(ROOT, d)}: ${why}`];
    });
    expect(problems).toEqual([]);
  });

  it('reads links and anchors as GitHub does', () => {
    expect(slug("Knowing a model's VRAM")).toBe('knowing-a-models-vram');
    expect(slug('Interference from a calibration (nvinx 0.3)')).toBe('interference-from-a-calibration-nvinx-03');
    expect([...anchors('# A\n\n```\n# not a heading\n```\n## A\n')]).toEqual(['a', 'a-1']);
    expect(projectPaths('see `src/core/day.ts`, `src/features/<f>/`, `src/nvinx/x.py` and `bench/`')).toEqual([
      'src/core/day.ts',
      'bench/',
    ]);
    expect(relativeLinks('[a](docs/x.md#y) [b](https://e.org) ![c](img.png "t") `[d](e.md)`')).toEqual([
      'docs/x.md#y',
      'img.png',
    ]);
  });
});
