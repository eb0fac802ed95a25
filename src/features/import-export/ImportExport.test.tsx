// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';

import userEvent from '@testing-library/user-event';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeShareFragment } from '../../bench/share';
import { benchKey } from '../../bench/bench-key';
import { excerpt } from '../../bench/messages';
import { readBench } from '../../bench/read';
import { PRESETS } from '../../store/presets';
import { defaultBench } from '../../store/presets/default';
import { usePlanner } from '../../store/store';
import { App } from '../../app/App';
import { TOUR_KEY } from '../../store/view';
import { loadBench } from '../../test/store';

/** A toolbar file button, once its chunk is in (drawn disabled until then, after the first paint). */
const fileButton = (name: string) =>
  waitFor(
    () => {
      const b = screen.getByRole('button', { name });
      expect(b).toBeEnabled();
      return b;
    },
    { timeout: 15_000 },
  );

// Vite rewrites `new URL(…, import.meta.url)` in the jsdom environment: read from the project root.
const fixture = (f: string) => readFileSync(join(process.cwd(), 'fixtures', f), 'utf8');

beforeEach(() => {
  localStorage.clear();
  localStorage.setItem(TOUR_KEY, 'seen'); // past the guided first visit (e2e/reframe.spec.ts opens it)
  history.replaceState(null, '', '/');
  loadBench(defaultBench());
});

async function paste(text: string) {
  const user = userEvent.setup();
  render(<App />);
  await user.click(await fileButton('Import…'));
  const dialog = await screen.findByRole('dialog', { name: 'Import a bench' }, { timeout: 15_000 }); // a lazy chunk
  const area = within(dialog).getByLabelText('Or paste YAML');
  await user.click(area);
  await user.paste(text);
  await user.click(within(dialog).getByRole('button', { name: 'Import pasted text' }));
  return { user, dialog };
}

describe('import', () => {
  it('a bad document changes nothing and lists each problem with line, column, field and the lines', async () => {
    const before = usePlanner.getState().bench;
    const { dialog } = await paste(
      'hardware:\n  vram_gb: 4.0\n  ram_gb: -3\n  cpu_cores: 8\nmodels:\n  - name: a\n    vram_gb: lots\n',
    );
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Nothing was imported: the pasted text has 3 problems. Your bench is unchanged.');
    // The field's path once, as the message's subject (marked up as code), never twice.
    expect(alert).toHaveTextContent('line 3, column 11: hardware.ram_gb must be greater than 0, got -3');
    expect(within(alert).getByText('hardware.ram_gb', { selector: 'code' })).toBeInTheDocument();
    expect(alert).toHaveTextContent('line 7, column 14: models[0].vram_gb must be a number');
    expect(alert.textContent!.match(/models\[0\]\.vram_gb/g)).toHaveLength(1);
    expect(within(alert).getByLabelText('Lines around line 3, column 11')).toHaveTextContent('> 3 | ram_gb: -3');
    expect(usePlanner.getState().bench).toBe(before);
    expect(usePlanner.getState().past).toHaveLength(0);
  });

  it('a good document is one undoable step and says what it loaded', async () => {
    const before = usePlanner.getState().bench;
    await paste(fixture('bench_24gb.yaml').replace('models:', 'colour: blue\nmodels:'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const expected = readBench(fixture('bench_24gb.yaml'));
    if (!expected.ok) throw new Error('fixture');
    const now = usePlanner.getState().bench;
    expect(now.models).toEqual(expected.bench.models);
    expect(screen.getByText(/^Imported the pasted text \(nvinx config\): \d+ cards, no windows/)).toHaveTextContent(
      '1 warning: line',
    );
    usePlanner.getState().undo();
    expect(usePlanner.getState().bench).toBe(before);
  });

  it('a pasted model config asks which card it is for, as a drop on the page does; the bench is not touched', async () => {
    const before = usePlanner.getState().bench;
    const config = readFileSync(
      join(process.cwd(), 'src/model-files/testdata/hf-configs/qwen3-30b-a3b-finetune.json'),
      'utf8',
    );
    await paste(config);
    expect(
      await screen.findByRole('dialog', { name: 'Estimate VRAM from config.json' }, { timeout: 15_000 }),
    ).toBeVisible();
    expect(screen.queryByRole('dialog', { name: 'Import a bench' })).toBeNull();
    expect(usePlanner.getState().bench).toBe(before);
    expect(usePlanner.getState().notice).toBeNull();
  });

  it('a pasted calibration is attached as the bench’s calibration, one undo step', async () => {
    await paste(fixture('calibration_result.json'));
    await waitFor(() => expect(usePlanner.getState().bench.interference).toBeDefined());
    expect(usePlanner.getState().notice).toMatch(/^Calibration imported from the pasted calibration: /);
    usePlanner.getState().undo();
    expect(usePlanner.getState().bench.interference).toBeUndefined();
  });

  it('shows numbered lines with a caret under the column', () => {
    expect(excerpt('a: 1\nb: x\nc: 3\n', 2, 4)).toBe('  1 | a: 1\n> 2 | b: x\n    |    ^\n  3 | c: 3');
    expect(excerpt('a', 0, 0)).toBeNull();
  });
});

describe('share links', () => {
  // The share-link codec is a lazy chunk: a link opens once it has loaded.
  it('a link opens its bench when the current one is a preset', async () => {
    const shared = readBench(fixture('bench_8gb.yaml'));
    if (!shared.ok) throw new Error('fixture');
    history.replaceState(null, '', `/#${encodeShareFragment(shared.bench)}`);
    render(<App />);
    expect(await screen.findByText(/Opened the shared bench/, undefined, { timeout: 15_000 })).toBeInTheDocument();
    expect(benchKey(usePlanner.getState().bench)).toBe(benchKey(shared.bench));
    expect(location.hash).toBe('');
  });

  it('asks before replacing an edited bench, and keeps it when told to', async () => {
    const user = userEvent.setup();
    const edited = { ...defaultBench(), name: 'my edited bench' };
    usePlanner.setState({ bench: edited });
    const shared = PRESETS[2]!.bench();
    history.replaceState(null, '', `/#${encodeShareFragment(shared)}`);
    render(<App />);
    const prompt = await screen.findByRole('alertdialog', { name: 'Open the shared bench?' }, { timeout: 15_000 });
    expect(prompt).toHaveTextContent('replaces “my edited bench”');
    expect(usePlanner.getState().bench).toBe(edited);
    await user.click(within(prompt).getByRole('button', { name: 'Keep mine' }));
    expect(usePlanner.getState().bench).toBe(edited);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('loads the shared bench when the user agrees, undoably', async () => {
    const user = userEvent.setup();
    const edited = { ...defaultBench(), name: 'mine' };
    usePlanner.setState({ bench: edited });
    const shared = PRESETS[3]!.bench();
    history.replaceState(null, '', `/#${encodeShareFragment(shared)}`);
    render(<App />);
    await user.click(await screen.findByRole('button', { name: 'Open the shared bench' }, { timeout: 15_000 }));
    expect(benchKey(usePlanner.getState().bench)).toBe(benchKey(shared));
    usePlanner.getState().undo();
    expect(usePlanner.getState().bench).toBe(edited);
  });

  it('a damaged link says so and leaves the bench alone', async () => {
    const before = usePlanner.getState().bench;
    const f = encodeShareFragment(PRESETS[2]!.bench());
    history.replaceState(null, '', `/#${f.slice(0, f.length - 9)}`);
    render(<App />);
    expect(await screen.findByRole('alert', undefined, { timeout: 15_000 })).toHaveTextContent(
      /This share link is damaged: .* Your bench is unchanged\./,
    );
    expect(usePlanner.getState().bench).toBe(before);
  });
});

describe('export', () => {
  it('previews each format; the case study is named <submitter>_<bench-name>.yaml and prefilled', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(await fileButton('Export…'));
    const dialog = await screen.findByRole('dialog', { name: 'Export' }, { timeout: 15_000 }); // a lazy chunk: slow on a loaded machine
    const preview = () => within(dialog).getByRole('textbox', { name: /lines\)$/ }) as HTMLTextAreaElement;
    await waitFor(() => expect(preview().value).toContain('windows:'));
    // The label counts the file's lines (a last newline ends a line, it does not start one).
    const lines = preview().value.replace(/\n$/, '').split('\n').length;
    expect(within(dialog).getByText(`(${lines} lines)`)).toHaveAttribute('role', 'status');
    const again = readBench(preview().value);
    expect(again.ok && benchKey(again.bench)).toBe(benchKey(usePlanner.getState().bench));

    await user.click(within(dialog).getByLabelText(/nvinx config/));
    await waitFor(() => expect(preview().value).toContain('nvinx config (hardware + models)'));
    expect(preview().value).not.toContain('windows:');
    expect(preview().value).not.toContain('hours:');

    await user.click(within(dialog).getByLabelText(/Python script/));
    expect(preview().value).toContain(
      'from nvinx.patterns import fractional_coresidency, ram_overflow, serial_handoff',
    );
    expect(within(dialog).getByRole('button', { name: /^Download .*_plan\.py$/ })).toBeInTheDocument();

    await user.click(within(dialog).getByLabelText(/Case study/));
    await waitFor(() => expect(preview().value).toContain('nvinx case study'));
    // One pattern, as nvinx's template; no handle yet: the file and its name say your-github-handle.
    expect(preview().value).toContain('pattern_tried: serial_handoff\n');
    expect(preview().value).toContain('submitter: your-github-handle');
    expect(
      within(dialog).getByRole('button', { name: 'Download your-github-handle_4-GB-bench-a-composed-day.yaml' }),
    ).toBeInTheDocument();
    // Not a handle: said in place, and the file keeps the placeholder.
    await user.type(within(dialog).getByLabelText('Submitter (GitHub handle)'), 'Ada L');
    expect(within(dialog).getByText(/“Ada L” is not a GitHub handle/)).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Download your-github-handle_4-GB-bench-a-composed-day.yaml' }),
    ).toBeInTheDocument();
    await user.clear(within(dialog).getByLabelText('Submitter (GitHub handle)'));
    // The GPU model goes to the case study, not into the bench's hardware.
    await user.type(within(dialog).getByLabelText('GPU model'), 'RTX A1000');
    await waitFor(() => expect(preview().value).toContain('model: RTX A1000'));
    expect(usePlanner.getState().bench.hardware.model).toBeUndefined();
    await user.type(within(dialog).getByLabelText('Submitter (GitHub handle)'), 'ada');
    expect(
      within(dialog).getByRole('button', { name: 'Download ada_4-GB-bench-a-composed-day.yaml' }),
    ).toBeInTheDocument();
    await waitFor(() => expect(preview().value).toContain('submitter: ada'));
    const study = readBench(preview().value);
    expect(study.ok && study.format).toBe('case-study');
    expect(usePlanner.getState().bench.case_study?.submitter).toBe('ada');
  });
});
