/**
 * What marks a URL fragment as a share link (`#bench=…`). Loaded with the page; the codec
 * (share.ts, with fflate) loads only when a link is opened or made.
 */
export const SHARE_PREFIX = 'bench=';

/** Whether a fragment is meant as a share link (whatever its state). */
export function isShareFragment(fragment: string): boolean {
  return fragment.replace(/^#/, '').startsWith(SHARE_PREFIX);
}
