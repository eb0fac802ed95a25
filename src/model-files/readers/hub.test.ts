import { describe, expect, it } from 'vitest';
import { BYTES_PER_GB } from '../../core/footprint';
import { hubModelId, lookUpHubModel, type HubFetch, type HubResult } from './hub';
import ggufOnly from '../testdata/hub/gguf-only.json';
import llama3 from '../testdata/hub/meta-llama-3-8b.json';
import notFound from '../testdata/hub/not-found.json';
import qwen from '../testdata/hub/qwen2-0.5b.json';

type Recorded = Record<string, { status: number; headers: Record<string, string>; body: unknown }>;
const RECORDED: Recorded = { ...qwen, ...llama3, ...notFound, ...ggufOnly };

/** A fetch answering from the recorded responses; the URLs asked are kept. */
function hub(overrides: Recorded = {}) {
  const asked: string[] = [];
  const fetch: HubFetch = async (url) => {
    asked.push(url);
    const r = overrides[url] ?? RECORDED[url];
    if (r === undefined) throw new Error(`no recorded response for ${url}`);
    const headers = new Map(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v]));
    return {
      ok: r.status >= 200 && r.status < 300,
      status: r.status,
      headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
      text: async () => (typeof r.body === 'string' ? r.body : JSON.stringify(r.body)),
    };
  };
  return { fetch, asked };
}

function ok(r: HubResult) {
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('hubModelId', () => {
  it('takes owner/name, a legacy name and huggingface.co URLs', () => {
    expect(hubModelId('Qwen/Qwen2-0.5B')).toEqual({ ok: true, id: 'Qwen/Qwen2-0.5B' });
    expect(hubModelId('  gpt2 ')).toEqual({ ok: true, id: 'gpt2' });
    expect(hubModelId('https://huggingface.co/meta-llama/Meta-Llama-3-8B/tree/main')).toEqual({
      ok: true,
      id: 'meta-llama/Meta-Llama-3-8B',
    });
    expect(hubModelId('hf.co/Qwen/Qwen2-0.5B/blob/main/config.json')).toEqual({ ok: true, id: 'Qwen/Qwen2-0.5B' });
  });

  it('refuses what is not an id, saying why', () => {
    const error = (s: string) => {
      const r = hubModelId(s);
      return r.ok ? '' : r.error;
    };
    expect(error('')).toBe('no model id: give owner/name, as in meta-llama/Meta-Llama-3-8B');
    expect(error('a/b/c')).toBe('"a/b/c" is not a Hub model id: it has more than one "/" (an id is owner/name)');
    expect(error('../etc/passwd')).toContain('more than one "/"');
    expect(error('owner/na me')).toBe(
      '"owner/na me" is not a Hub model id: "na me" may hold only letters, digits, "-", "_" and "." and must start with a letter or digit',
    );
    expect(error('owner/a--b')).toBe('"owner/a--b" is not a Hub model id: "a--b" has "--" or ".."');
    expect(error('owner/x?y=1')).toContain('may hold only');
    expect(error(`o/${'a'.repeat(97)}`)).toContain('longer than 96');
    expect(error('owner/model.git')).toContain('ends in .git');
  });
});

describe('lookUpHubModel (recorded responses, no network)', () => {
  it('a public model: its config for the shape, the Hub’s count for the exact weights', async () => {
    const h = hub();
    const m = ok(await lookUpHubModel('Qwen/Qwen2-0.5B', { fetch: h.fetch }));
    expect(h.asked).toEqual([
      'https://huggingface.co/api/models/Qwen/Qwen2-0.5B',
      'https://huggingface.co/Qwen/Qwen2-0.5B/resolve/main/config.json',
    ]);
    expect(m.gated).toBe(false);
    expect(m.parameters).toBe(494_032_768);
    expect(m.config?.parameters).toBe(494_032_768); // the config's shape agrees with the Hub's count
    // The config's own reading notes come along (Qwen2-0.5B's config sets a window it does not use).
    expect(m.notes).toEqual(['sliding_window is set but use_sliding_window is false: not used']);
    expect(m.confidence).toBe('exact');
    // BF16: 494,032,768 × 2 bytes.
    expect(m.input.weightBytes).toBe(988_065_536);
    expect(m.footprint.weightsGb).toBe(988_065_536 / BYTES_PER_GB);
    // 2 × 24 layers × 2 KV heads × 64 (896 ÷ 14) × 4,096 tokens (min(131,072, 4,096)) × 2 bytes = 48 MiB.
    expect(m.footprint.kvCacheGb).toBe((2 * 24 * 2 * 64 * 4096 * 2) / BYTES_PER_GB);
    expect(m.footprint.kvCacheGb * 1024).toBe(48);
  });

  it('a chosen dtype weighs the Hub’s count at that width', async () => {
    const m = ok(await lookUpHubModel('Qwen/Qwen2-0.5B', { fetch: hub().fetch, dtype: 'Q8_0', context: 1024 }));
    expect(m.input.weightBytes).toBeUndefined();
    expect(m.footprint.terms[0]!.bytes).toBe((494_032_768 * 8.5) / 8);
    expect(m.footprint.kvCacheGb * 1024).toBe(12);
  });

  it('a gated model: the weights from the Hub’s count, the shape asked for, in plain words', async () => {
    const m = ok(await lookUpHubModel('meta-llama/Meta-Llama-3-8B', { fetch: hub().fetch }));
    expect(m.gated).toBe('manual');
    expect(m.config).toBeNull();
    expect(m.input.weightBytes).toBe(16_060_522_496);
    expect(m.footprint.kvCacheGb).toBe(0);
    expect(m.notes).toEqual([
      'meta-llama/Meta-Llama-3-8B is gated: its config.json cannot be read without accepting its terms on huggingface.co',
    ]);
    expect(m.missing).toEqual([
      "the model's shape: download its config.json from huggingface.co and drop it here for the KV cache",
    ]);
    // Without the Hub's count, a gated model gives nothing to estimate: the message says what to do.
    const url = 'https://huggingface.co/api/models/meta-llama/Meta-Llama-3-8B';
    const info = RECORDED[url]!;
    const bare = { ...(info.body as object), safetensors: undefined };
    const r = await lookUpHubModel('meta-llama/Meta-Llama-3-8B', {
      fetch: hub({ [url]: { ...info, body: bare } }).fetch,
    });
    expect(r).toEqual({
      ok: false,
      failure: 'gated',
      error:
        'meta-llama/Meta-Llama-3-8B is gated: open it on huggingface.co (https://huggingface.co/meta-llama/Meta-Llama-3-8B), accept its terms, download config.json and drop it here instead.',
    });
  });

  it('no such model, a GGUF-only repository, offline, an invalid id', async () => {
    expect(await lookUpHubModel('nobody/no-such-model', { fetch: hub().fetch })).toEqual({
      ok: false,
      failure: 'not-found',
      error:
        'No model nobody/no-such-model on the Hub (or it is private): check the id at https://huggingface.co/nobody/no-such-model.',
    });
    const gguf = await lookUpHubModel('TheBloke/Llama-2-7B-GGUF', { fetch: hub().fetch });
    expect(gguf).toMatchObject({ ok: false, failure: 'no-config' });
    expect(!gguf.ok && gguf.error).toContain('has no config.json and the Hub counts no safetensors parameters');
    const offline: HubFetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await lookUpHubModel('Qwen/Qwen2-0.5B', { fetch: offline })).toEqual({
      ok: false,
      failure: 'offline',
      error:
        "You are offline: huggingface.co could not be reached (Failed to fetch). Drop the model's config.json or weights file instead.",
    });
    const h = hub();
    expect(await lookUpHubModel('a b', { fetch: h.fetch })).toMatchObject({ ok: false, failure: 'invalid-id' });
    expect(h.asked).toEqual([]); // nothing asked for an invalid id
  });

  it('a server error or a body that is not JSON is reported with its status', async () => {
    const url = 'https://huggingface.co/api/models/Qwen/Qwen2-0.5B';
    const down = await lookUpHubModel('Qwen/Qwen2-0.5B', {
      fetch: hub({ [url]: { status: 503, headers: {}, body: 'Service Unavailable' } }).fetch,
    });
    expect(down).toEqual({
      ok: false,
      failure: 'error',
      error: "the Hub answered 503 for Qwen/Qwen2-0.5B's model info",
    });
    const html = await lookUpHubModel('Qwen/Qwen2-0.5B', {
      fetch: hub({ [url]: { status: 200, headers: {}, body: '<html>' } }).fetch,
    });
    expect(html).toEqual({
      ok: false,
      failure: 'error',
      error: "the Hub's model info for Qwen/Qwen2-0.5B is not JSON",
    });
  });
});
