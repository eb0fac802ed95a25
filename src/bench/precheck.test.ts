import { describe, expect, it } from 'vitest';
import { LIMITS } from '../core/limits';
import { precheck } from './bench-reader';
import { NOT_UTF8 } from './issues';

/**
 * The checks as their definition reads: one walk over the characters, stopping at the first
 * problem (binary content, indentation past the limit, flow collections nested past it;
 * brackets in quotes and comments do not count, quotes and comments end with the line).
 */
function byDefinition(text: string): { message: string; line: number; column: number } | null {
  let line = 1;
  let lineStart = 0;
  let flow = 0;
  let quote = 0;
  let comment = false;
  let atLineStart = true;
  let indent = 0;
  const deep = (i: number) => ({
    message: `the document is nested too deeply (line ${line})`,
    line,
    column: i - lineStart + 1,
  });
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) {
      line++;
      lineStart = i + 1;
      comment = false;
      quote = 0;
      atLineStart = true;
      indent = 0;
      continue;
    }
    if (ch < 32 ? ch !== 9 && ch !== 13 : ch === 0xfffd)
      return {
        message: ch === 0xfffd ? NOT_UTF8 : 'this is not a text file (it contains binary or control characters)',
        line,
        column: i - lineStart + 1,
      };
    if (atLineStart) {
      if (ch === 32 || ch === 45) {
        if (++indent > LIMITS.maxIndent) return deep(i);
        continue;
      }
      atLineStart = false;
    }
    if (comment) continue;
    if (quote !== 0) {
      if (ch === quote) quote = 0;
    } else if (ch === 34 || ch === 39) quote = ch;
    else if (ch === 35) comment = true;
    else if (ch === 91 || ch === 123) {
      if (++flow > LIMITS.maxFlowDepth) return deep(i);
    } else if ((ch === 93 || ch === 125) && flow > 0) flow--;
  }
  return null;
}

const said = (text: string) => {
  const r = precheck(text);
  if (r === null) return null;
  if (r.ok) throw new Error('a precheck refuses or says nothing');
  const e = r.errors[0]!;
  return { message: e.message, line: e.line, column: e.column };
};

describe('precheck', () => {
  it('finds the first problem as one walk over the characters does, on random texts', () => {
    let x = 11;
    const rnd = (n: number) => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % n);
    const pieces = [' ', '-', '- ', '[', ']', '{', '}', '"', "'", '#', '\n', '\r\n', '\t', 'a: b', '\u0001', '\ufffd'];
    const runs = ['[', '{', ' ', '-', ']', '"['];
    let refused = 0;
    for (let t = 0; t < 400; t++) {
      let text = '';
      const parts = 1 + rnd(40);
      for (let p = 0; p < parts; p++) {
        if (rnd(6) === 0) text += runs[rnd(runs.length)]!.repeat(rnd(2) === 0 ? 1 + rnd(80) : 200 + rnd(100));
        else if (rnd(20) !== 0 || t % 3 !== 0) text += pieces[rnd(pieces.length - 2)]!;
        else text += pieces[pieces.length - 1 - rnd(2)]!;
      }
      const want = byDefinition(text);
      if (want !== null) refused++;
      expect(said(text), JSON.stringify(text.slice(0, 200))).toEqual(want);
    }
    // Both kinds of text are met: refused ones and accepted ones.
    expect(refused).toBeGreaterThan(40);
    expect(refused).toBeLessThan(360);
  });

  it('says where: the line and column of the character that breaks the limit', () => {
    const flow = `a: 1\nb: "[[["  # [[[\nc: ${'['.repeat(LIMITS.maxFlowDepth + 1)}\n`;
    expect(said(flow)).toEqual({
      message: 'the document is nested too deeply (line 3)',
      line: 3,
      column: 'c: '.length + LIMITS.maxFlowDepth + 1,
    });
    expect(said(`a: 1\n${' '.repeat(LIMITS.maxIndent + 1)}b: 2\n`)).toMatchObject({
      line: 2,
      column: LIMITS.maxIndent + 1,
    });
    expect(said(`a: 1\nb: x\u0002\n`)).toMatchObject({ line: 2, column: 5, message: /not a text file/ });
    // Bytes that were not UTF-8 (decoded as U+FFFD): said as such, where they are.
    expect(said(`a: 1\nb: xy\ufffd\n`)).toMatchObject({ line: 2, column: 6, message: /not a UTF-8 text file/ });
    expect(said(`a: ${'['.repeat(10)}\nb: ${']'.repeat(10)}\n`)).toBeNull();
  });
});
