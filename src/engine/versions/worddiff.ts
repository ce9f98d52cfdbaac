// Chinese-aware word diff of two clauses: Intl.Segmenter words (one clause at a time, never a whole document:
// see DESIGN.md's performance notes), then an LCS over the tokens.
import { fold } from './text';
import type { DiffSegment } from './types';

interface Token {
  /** Offset in the clause text. */
  start: number;
  end: number;
  /** Comparison key: folded, whitespace-free. */
  key: string;
}

let segmenter: Intl.Segmenter | undefined;

/** Word tokens of a clause; whitespace is glued to the token before it so it never counts as a change. */
export function tokenize(text: string): Token[] {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const out: Token[] = [];
  for (const s of segmenter.segment(text)) {
    const end = s.index + s.segment.length;
    if (/^\s+$/u.test(s.segment)) {
      const last = out[out.length - 1];
      if (last) {
        last.end = end;
        continue;
      }
    }
    const key = fold(s.segment);
    // Leading whitespace: a token of its own with an empty key, merged into the next one below.
    out.push({ start: s.index, end, key });
  }
  // A leading whitespace-only token joins the following token.
  if (out.length > 1 && out[0]!.key === '') {
    const first = out.shift()!;
    out[0]!.start = first.start;
  }
  return out;
}

/**
 * Word diff of an older and a newer clause. `olderBase`/`newerBase` are the clauses' start offsets in their
 * documents, so every segment carries offsets into each version's text.
 */
export function wordDiff(olderText: string, newerText: string, olderBase = 0, newerBase = 0): DiffSegment[] {
  const a = tokenize(olderText);
  const b = tokenize(newerText);
  const ops = lcsOps(a.map((t) => t.key), b.map((t) => t.key));
  // Build runs.
  const raw: { op: DiffSegment['op']; a0: number; a1: number; b0: number; b1: number }[] = [];
  let i = 0;
  let j = 0;
  for (const op of ops) {
    const last = raw[raw.length - 1];
    if (op === 'equal') {
      const ta = a[i++]!;
      const tb = b[j++]!;
      if (last && last.op === 'equal') {
        last.a1 = ta.end;
        last.b1 = tb.end;
      } else raw.push({ op, a0: ta.start, a1: ta.end, b0: tb.start, b1: tb.end });
    } else if (op === 'delete') {
      const ta = a[i++]!;
      if (last && last.op === 'delete') last.a1 = ta.end;
      else raw.push({ op, a0: ta.start, a1: ta.end, b0: -1, b1: -1 });
    } else {
      const tb = b[j++]!;
      if (last && last.op === 'insert') last.b1 = tb.end;
      else raw.push({ op, a0: -1, a1: -1, b0: tb.start, b1: tb.end });
    }
  }
  return mergeEquals(trimPairs(cleanup(raw, olderText, newerText), olderText, newerText)).map((r) =>
    r.op === 'equal'
      ? { op: r.op, text: newerText.slice(r.b0, r.b1), older: { start: olderBase + r.a0, end: olderBase + r.a1 }, newer: { start: newerBase + r.b0, end: newerBase + r.b1 } }
      : r.op === 'delete'
        ? { op: r.op, text: olderText.slice(r.a0, r.a1), older: { start: olderBase + r.a0, end: olderBase + r.a1 } }
        : { op: r.op, text: newerText.slice(r.b0, r.b1), newer: { start: newerBase + r.b0, end: newerBase + r.b1 } },
  );
}

type Run = { op: DiffSegment['op']; a0: number; a1: number; b0: number; b1: number };

/**
 * Readability: a one-character equal run (a particle or a comma) squeezed between two changes is folded into
 * them, and each change group is written as one delete followed by one insert.
 */
function cleanup(runs: Run[], olderText: string, newerText: string): Run[] {
  const isChange = (r: Run | undefined): boolean => !!r && r.op !== 'equal';
  const marked = runs.map((r, k) => ({ r, absorb: r.op === 'equal' && isChange(runs[k - 1]) && isChange(runs[k + 1]) && fold(newerText.slice(r.b0, r.b1)).length <= 1 }));
  const out: Run[] = [];
  let k = 0;
  while (k < marked.length) {
    const { r, absorb } = marked[k]!;
    if (r.op === 'equal' && !absorb) {
      out.push({ ...r });
      k++;
      continue;
    }
    // A change group: consecutive changes and absorbed equals.
    let a0 = -1, a1 = -1, b0 = -1, b1 = -1;
    while (k < marked.length && (marked[k]!.r.op !== 'equal' || marked[k]!.absorb)) {
      const x = marked[k]!.r;
      if (x.a0 >= 0) {
        if (a0 < 0) a0 = x.a0;
        a1 = x.a1;
      }
      if (x.b0 >= 0) {
        if (b0 < 0) b0 = x.b0;
        b1 = x.b1;
      }
      k++;
    }
    if (a0 >= 0 && a1 > a0 && olderText.slice(a0, a1).trim()) out.push({ op: 'delete', a0, a1, b0: -1, b1: -1 });
    if (b0 >= 0 && b1 > b0 && newerText.slice(b0, b1).trim()) out.push({ op: 'insert', a0: -1, a1: -1, b0, b1 });
  }
  return out;
}

/**
 * A delete followed by an insert that share leading or trailing characters ("15个工作日内" → "30天内": the
 * segmenter read "日内" as one word) gives those characters back to the equal text around them.
 */
function trimPairs(runs: Run[], olderText: string, newerText: string): Run[] {
  const out: Run[] = [];
  for (let k = 0; k < runs.length; k++) {
    const d = runs[k]!;
    const ins = runs[k + 1];
    if (d.op !== 'delete' || !ins || ins.op !== 'insert') {
      out.push(d);
      continue;
    }
    k++;
    let p = 0;
    const maxP = Math.min(d.a1 - d.a0, ins.b1 - ins.b0);
    while (p < maxP && olderText[d.a0 + p] === newerText[ins.b0 + p]) p++;
    if (p > 0 && isHigh(olderText.charCodeAt(d.a0 + p - 1))) p--;
    let q = 0;
    const maxQ = maxP - p;
    while (q < maxQ && olderText[d.a1 - 1 - q] === newerText[ins.b1 - 1 - q]) q++;
    if (q > 0 && isLow(olderText.charCodeAt(d.a1 - q))) q--;
    if (p > 0) out.push({ op: 'equal', a0: d.a0, a1: d.a0 + p, b0: ins.b0, b1: ins.b0 + p });
    if (d.a1 - q > d.a0 + p) out.push({ op: 'delete', a0: d.a0 + p, a1: d.a1 - q, b0: -1, b1: -1 });
    if (ins.b1 - q > ins.b0 + p) out.push({ op: 'insert', a0: -1, a1: -1, b0: ins.b0 + p, b1: ins.b1 - q });
    if (q > 0) out.push({ op: 'equal', a0: d.a1 - q, a1: d.a1, b0: ins.b1 - q, b1: ins.b1 });
  }
  return out;
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

function mergeEquals(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && last.op === 'equal' && r.op === 'equal' && last.a1 === r.a0 && last.b1 === r.b0) {
      last.a1 = r.a1;
      last.b1 = r.b1;
    } else out.push({ ...r });
  }
  return out;
}

/** Edit script from an LCS table, after trimming the common prefix and suffix. */
function lcsOps(a: string[], b: string[]): ('equal' | 'delete' | 'insert')[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const n = a.length - pre - suf;
  const m = b.length - pre - suf;
  const ops: ('equal' | 'delete' | 'insert')[] = [];
  for (let k = 0; k < pre; k++) ops.push('equal');
  // dp[x][y] = LCS length of a[pre+x..] and b[pre+y..]
  const w = m + 1;
  const dp = new Uint32Array((n + 1) * w);
  for (let x = n - 1; x >= 0; x--) {
    for (let y = m - 1; y >= 0; y--) {
      dp[x * w + y] = a[pre + x] === b[pre + y] ? dp[(x + 1) * w + y + 1]! + 1 : Math.max(dp[(x + 1) * w + y]!, dp[x * w + y + 1]!);
    }
  }
  let x = 0;
  let y = 0;
  while (x < n && y < m) {
    if (a[pre + x] === b[pre + y]) {
      ops.push('equal');
      x++;
      y++;
    } else if (dp[(x + 1) * w + y]! >= dp[x * w + y + 1]!) {
      ops.push('delete');
      x++;
    } else {
      ops.push('insert');
      y++;
    }
  }
  while (x++ < n) ops.push('delete');
  while (y++ < m) ops.push('insert');
  for (let k = 0; k < suf; k++) ops.push('equal');
  return ops;
}
