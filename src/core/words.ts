/** Small helpers for the sentences the planner writes (one place, so wording stays alike). */

/** "1 core", "3 cores"; `many` for irregular plurals. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Names in a sentence: "a, b and c"; past `max`, the first `max` and "and N more". */
export function listNames(items: readonly string[], max = Infinity): string {
  if (items.length > max) return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A byte count as a person reads it: 740 bytes, 12.3 KB, 4.1 MB. */
export function bytesWords(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 2 ** 20) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 2 ** 20).toFixed(1)} MB`;
}
