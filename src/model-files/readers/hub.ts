/**
 * A model looked up on the Hugging Face Hub by its id (issue 10): its `config.json` (the
 * shape: layers, KV heads, head size) and the model API's safetensors summary (the exact
 * parameter count per dtype), turned into a footprint estimate.
 *
 * Two plain GETs through an injected `fetch` (the page passes `window.fetch`; tests pass
 * recorded responses), no client library: `@huggingface/hub` takes an injectable fetch too,
 * but it brings `@huggingface/tasks` and a much larger bundle for these two requests.
 *   https://huggingface.co/api/models/{id}               the model's info: `gated`,
 *        `safetensors: { parameters: { BF16: n, … }, total: n }` (shape: @huggingface/hub's
 *        `ApiModelInfo`, packages/hub/src/types/api/api-model.ts)
 *   https://huggingface.co/{id}/resolve/main/config.json the config itself
 * Errors follow the Hub's `X-Error-Code` header as `huggingface_hub`'s `hf_raise_for_status`
 * reads it (GatedRepo, RepoNotFound, EntryNotFound); a bare 401 is what the Hub answers
 * for a private or a missing repository alike.
 */
import { fmtNum, estimateFootprint, type Footprint, type FootprintInput } from '../../core/footprint';
import { type Confidence, type WeightDtype } from '../../core/types';
import { footprintInputFromConfig, readHfConfig, SAFETENSORS_DTYPE_BYTES, type ModelConfig } from './model-files';

const HUB_URL = 'https://huggingface.co';

/** What the lookup needs of `fetch`'s response (a subset of the DOM's `Response`). */
export interface HubResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}
/** @internal tests pass recorded answers of this shape. */
export type HubFetch = (url: string) => Promise<HubResponse>;

type HubFailure = 'invalid-id' | 'offline' | 'not-found' | 'gated' | 'no-config' | 'error';

interface HubModel {
  readonly id: string;
  /** `gated` from the model API: false, "auto" or "manual". */
  readonly gated: false | 'auto' | 'manual';
  /** The config read, when the Hub gave it. */
  readonly config: ModelConfig | null;
  /** Σ of the checkpoint's tensors (`safetensors.total`), when the Hub knows it. */
  readonly parameters: number | null;
  /** Elements per safetensors dtype (`safetensors.parameters`). */
  readonly dtypes: Readonly<Record<string, number>>;
  readonly input: FootprintInput;
  readonly footprint: Footprint;
  readonly missing: readonly string[];
  readonly notes: readonly string[];
  /** `exact` with the Hub's per-dtype counts, else the config's (`counted` or `approximate`). */
  readonly confidence: Confidence;
}

export type HubResult =
  | { readonly ok: true; readonly value: HubModel }
  | { readonly ok: false; readonly failure: HubFailure; readonly error: string };

export interface HubOptions {
  readonly fetch: HubFetch;
  readonly dtype?: WeightDtype;
  readonly context?: number;
  readonly batch?: number;
}

/** One repository name part: the Hub's rule (letters, digits, '-', '_', '.'; no '--' or '..'; at most 96). */
const PART = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?$/;

/**
 * The model id in `input`: "owner/name", a legacy "name" (gpt2), or a huggingface.co URL of
 * the model (its /tree/… or /blob/… tail is dropped). Refused with the reason otherwise.
 * @internal exported for the test of the ids and URLs a user pastes.
 */
export function hubModelId(input: string): { ok: true; id: string } | { ok: false; error: string } {
  let s = input.trim();
  const url = /^(?:https?:\/\/)?(?:www\.)?(?:huggingface\.co|hf\.co)\/(.*)$/i.exec(s);
  if (url) s = url[1]!.replace(/\/(?:tree|blob|resolve)\/.*$/, '').replace(/\/+$/, '');
  if (s === '') return { ok: false, error: 'no model id: give owner/name, as in meta-llama/Meta-Llama-3-8B' };
  const parts = s.split('/');
  const bad = (why: string) => ({ ok: false as const, error: `"${input.trim()}" is not a Hub model id: ${why}` });
  if (parts.length > 2) return bad('it has more than one "/" (an id is owner/name)');
  for (const p of parts) {
    if (!PART.test(p)) {
      return bad(
        p.length > 96
          ? 'a part is longer than 96 characters'
          : `"${p}" may hold only letters, digits, "-", "_" and "." and must start with a letter or digit`,
      );
    }
    if (p.includes('--') || p.includes('..')) return bad(`"${p}" has "--" or ".."`);
  }
  if (/\.git$/i.test(s)) return bad('it ends in .git');
  return { ok: true, id: s };
}

async function get(fetch: HubFetch, url: string): Promise<{ res: HubResponse } | { offline: string }> {
  try {
    return { res: await fetch(url) };
  } catch (e) {
    return { offline: e instanceof Error ? e.message : String(e) };
  }
}

const errorCode = (r: HubResponse): string | null => r.headers.get('x-error-code');

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Looks `idOrUrl` up on the Hub and estimates its footprint from what it gives. */
export async function lookUpHubModel(idOrUrl: string, opts: HubOptions): Promise<HubResult> {
  const parsed = hubModelId(idOrUrl);
  if (!parsed.ok) return { ok: false, failure: 'invalid-id', error: parsed.error };
  const id = parsed.id;
  const fail = (failure: HubFailure, error: string): HubResult => ({ ok: false, failure, error });
  const offline = (why: string) =>
    fail(
      'offline',
      `You are offline: huggingface.co could not be reached (${why}). Drop the model's config.json or weights file instead.`,
    );
  const notFound = () =>
    fail('not-found', `No model ${id} on the Hub (or it is private): check the id at ${HUB_URL}/${id}.`);
  const gatedError = () =>
    fail(
      'gated',
      `${id} is gated: open it on huggingface.co (${HUB_URL}/${id}), accept its terms, download config.json and drop it here instead.`,
    );

  const api = await get(opts.fetch, `${HUB_URL}/api/models/${id}`);
  if ('offline' in api) return offline(api.offline);
  if (!api.res.ok) {
    const code = errorCode(api.res);
    if (code === 'RepoNotFound' || api.res.status === 401 || api.res.status === 404) return notFound();
    if (code === 'GatedRepo') return gatedError();
    return fail('error', `the Hub answered ${api.res.status} for ${id}'s model info${code ? ` (${code})` : ''}`);
  }
  let info: unknown;
  try {
    info = JSON.parse(await api.res.text());
  } catch {
    return fail('error', `the Hub's model info for ${id} is not JSON`);
  }
  if (!isObject(info)) return fail('error', `the Hub's model info for ${id} is not a JSON object`);
  const gatedValue = info['gated'];
  const gated: HubModel['gated'] = gatedValue === 'auto' || gatedValue === 'manual' ? gatedValue : false;
  const st = isObject(info['safetensors']) ? info['safetensors'] : {};
  const total =
    typeof st['total'] === 'number' && Number.isSafeInteger(st['total']) && st['total'] > 0 ? st['total'] : null;
  const dtypes: Record<string, number> = {};
  if (isObject(st['parameters'])) {
    for (const [k, v] of Object.entries(st['parameters'])) if (typeof v === 'number' && v >= 0) dtypes[k] = v;
  }

  const cfgRes = await get(opts.fetch, `${HUB_URL}/${id}/resolve/main/config.json`);
  if ('offline' in cfgRes) return offline(cfgRes.offline);
  const notes: string[] = [];
  const missing: string[] = [];
  let config: ModelConfig | null = null;
  if (cfgRes.res.ok) {
    const c = readHfConfig(await cfgRes.res.text());
    if (c.ok) {
      config = c.value;
      notes.push(...c.value.notes);
    } else {
      missing.push(`a readable config.json (${c.error})`);
    }
  } else {
    const code = errorCode(cfgRes.res);
    const isGated =
      code === 'GatedRepo' || ((cfgRes.res.status === 401 || cfgRes.res.status === 403) && gated !== false);
    if (isGated && total === null) return gatedError();
    if (isGated) {
      notes.push(`${id} is gated: its config.json cannot be read without accepting its terms on huggingface.co`);
      missing.push("the model's shape: download its config.json from huggingface.co and drop it here for the KV cache");
    } else if (code === 'EntryNotFound' || cfgRes.res.status === 404) {
      if (total === null) {
        return fail(
          'no-config',
          `${id} has no config.json and the Hub counts no safetensors parameters (a GGUF repository?): download a model file and drop it here instead.`,
        );
      }
      missing.push("the model's shape: the repository has no config.json");
    } else
      return fail('error', `the Hub answered ${cfgRes.res.status} for ${id}'s config.json${code ? ` (${code})` : ''}`);
  }

  // Weights: the checkpoint's exact bytes (per-dtype counts × bytes) unless a dtype is chosen.
  const knownDtypes = Object.entries(dtypes).filter(([d]) => d in SAFETENSORS_DTYPE_BYTES);
  const exactBytes =
    opts.dtype === undefined && knownDtypes.length > 0 && knownDtypes.length === Object.keys(dtypes).length
      ? knownDtypes.reduce((a, [d, n]) => a + n * SAFETENSORS_DTYPE_BYTES[d]!, 0)
      : undefined;
  const weights: Partial<FootprintInput> =
    exactBytes !== undefined
      ? {
          weightBytes: exactBytes,
          weightSource: `the Hub's safetensors count (${knownDtypes.map(([d, n]) => `${d} ${fmtNum(n)}`).join(', ')} parameters)`,
        }
      : {};
  const context = {
    ...(opts.context !== undefined ? { context: opts.context } : {}),
    ...(opts.batch !== undefined ? { batch: opts.batch } : {}),
  };
  let input: FootprintInput;
  if (config !== null) {
    const fromConfig = footprintInputFromConfig(config, { ...(opts.dtype ? { dtype: opts.dtype } : {}), ...context });
    input = { ...fromConfig, ...(total !== null ? { parameters: total } : {}), ...weights };
    if (total !== null && total !== config.parameters) {
      notes.push(
        `the Hub counts ${fmtNum(total)} parameters in the checkpoint; the config's shape gives ${fmtNum(config.parameters)}: the count is used`,
      );
    }
  } else if (total !== null) {
    input = { parameters: total, dtype: opts.dtype ?? 'bf16', ...weights, ...context };
    if (exactBytes === undefined && opts.dtype === undefined) notes.push('weights taken as bf16 (no dtype counts)');
  } else {
    return fail('error', `neither ${id}'s config.json nor a safetensors count could be read: ${missing.join('; ')}`);
  }
  const confidence: Confidence =
    exactBytes !== undefined ? 'exact' : total !== null ? 'counted' : (config?.confidence ?? 'approximate');
  try {
    const footprint = estimateFootprint(input);
    return {
      ok: true,
      value: { id, gated, config, parameters: total, dtypes, input, footprint, missing, notes, confidence },
    };
  } catch (e) {
    return fail('error', `no estimate for ${id}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
