import { describe, expect, it } from 'vitest';
import { bytesWords, listNames, plural } from './words';

describe('words', () => {
  it('plural: one, many, irregular', () => {
    expect(plural(1, 'card')).toBe('1 card');
    expect(plural(0, 'card')).toBe('0 cards');
    expect(plural(2, 'match', 'matches')).toBe('2 matches');
  });
  it('names in a sentence, the rest counted past the limit', () => {
    expect(listNames([])).toBe('');
    expect(listNames(['a'])).toBe('a');
    expect(listNames(['a', 'b', 'c'])).toBe('a, b and c');
    expect(listNames(['a', 'b', 'c', 'd'], 2)).toBe('a, b and 2 more');
  });
  it('a byte count: bytes below 1 KiB, then KB, then MB, one decimal', () => {
    expect(bytesWords(740)).toBe('740 bytes');
    expect(bytesWords(1023)).toBe('1023 bytes');
    expect(bytesWords(1024)).toBe('1.0 KB');
    expect(bytesWords(12_595)).toBe('12.3 KB');
    expect(bytesWords(2 ** 20)).toBe('1.0 MB');
    expect(bytesWords(4.1 * 2 ** 20)).toBe('4.1 MB');
  });
});
