// Property-based test of the whole input path: random and mutated inputs through decode → adapters → normalize →
// segment → classify → extract (analyzeBytes). Whatever the input: only EngineError escapes, each input finishes
// within a time budget, and every clause and evidence offset lies inside the text and slices to its quote.
// Four properties, 11,000 runs in all (~13 s of CPU; set PB_FC_SEED to explore other inputs), sized to finish in
// well under a minute on two cores.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { PolicyAnalysis } from '../shared/types';
import { analyzeBytes } from './analyze';
import { EngineError } from './errors';
import { quotedPrintable } from './adapters/saved-pages.fixture';

const here = path.dirname(fileURLToPath(import.meta.url));
const SAMPLES = path.resolve(here, '../../resources/samples');
const SEEDS = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(path.join(SAMPLES, f), 'utf8'));

/** Per-input budget. Inputs are at most a few KB; a healthy run takes milliseconds. */
const BUDGET_MS = 3000;
const SEED = Number(process.env.PB_FC_SEED ?? 20240301);
let slowest = 0;
/** Outcomes per property: 'ok' (an analysis) or the EngineError code, to show the pipeline was exercised. */
let outcomes: Record<string, number> = {};
const tally = (k: string) => (outcomes[k] = (outcomes[k] ?? 0) + 1);
const report = (what: string) => {
  console.log(`[property] ${what}: ${JSON.stringify(outcomes)}; slowest input so far ${slowest.toFixed(0)} ms`);
  outcomes = {};
};

/** Runs one input; throws (failing the property) on anything but an EngineError or a broken invariant. */
async function check(bytes: Uint8Array, fileName: string): Promise<void> {
  const started = performance.now();
  let a: PolicyAnalysis | undefined;
  try {
    a = await analyzeBytes(bytes, fileName);
    tally(a.clauses.length ? 'ok' : 'ok-empty');
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
    tally(err.code);
    expect(err.message.length).toBeGreaterThan(0);
  }
  const ms = performance.now() - started;
  slowest = Math.max(slowest, ms);
  if (ms > BUDGET_MS) throw new Error(`${fileName}: ${bytes.length} bytes took ${ms.toFixed(0)} ms (budget ${BUDGET_MS} ms)`);
  if (!a) return;
  const { text } = a;
  expect(a.chars).toBe(text.length);
  for (const c of a.clauses) {
    if (!(c.start >= 0 && c.start <= c.end && c.end <= text.length)) throw new Error(`clause ${c.id} [${c.start}, ${c.end}) outside text of ${text.length}`);
    if (text.slice(c.start, c.end) !== c.text) throw new Error(`clause ${c.id} text differs from text.slice(${c.start}, ${c.end})`);
  }
  for (const [attr, cell] of Object.entries(a.attributes)) {
    for (const e of cell.evidence) {
      if (!(e.start >= 0 && e.start <= e.end && e.end <= text.length)) throw new Error(`${attr} evidence [${e.start}, ${e.end}) outside text of ${text.length}`);
      if (text.slice(e.start, e.end) !== e.quote) throw new Error(`${attr} evidence quote differs from text.slice(${e.start}, ${e.end})`);
    }
  }
}

const EXTENSIONS = ['txt', 'md', 'html', 'htm', 'xhtml', 'mhtml', 'csv', '', 'pdf', 'docx'];
const fileName = fc.constantFrom(...EXTENSIONS).map((ext) => (ext ? `input.${ext}` : 'input'));
const textName = fc.constantFrom('input.txt', 'input.md', 'input.html', 'input', 'input.mhtml');

const ENCODINGS = ['utf-8', 'utf-8-bom', 'gb18030', 'gbk', 'big5', 'utf-16le', 'utf-16be', 'utf-16le-bom', 'utf-16be-bom'] as const;
type Enc = (typeof ENCODINGS)[number];
function encode(s: string, enc: Enc): Uint8Array {
  const bom = enc.endsWith('-bom');
  return new Uint8Array(iconv.encode(s, bom ? enc.slice(0, -4) : enc, { addBOM: bom }));
}
const encoding = fc.constantFrom(...ENCODINGS);

const enc = new TextEncoder();
const PREFIXES = [
  new Uint8Array(0),
  new Uint8Array([0xef, 0xbb, 0xbf]),
  new Uint8Array([0xff, 0xfe]),
  new Uint8Array([0xfe, 0xff]),
  enc.encode('%PDF-1.7\n'),
  new Uint8Array([0x50, 0x4b, 0x03, 0x04]),
  enc.encode('<!DOCTYPE html><html><body>'),
  enc.encode('MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n'),
  enc.encode('---\ntitle: x\n---\n# 隐私政策\n'),
];

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** A window of a seed policy: real clause structure, small enough to be fast. */
const seedWindow = fc
  .record({ seed: fc.nat({ max: SEEDS.length - 1 }), start: fc.nat(), length: fc.integer({ min: 0, max: 1200 }) })
  .map(({ seed, start, length }) => {
    const s = SEEDS[seed]!;
    const from = start % Math.max(1, s.length);
    return s.slice(from, from + length);
  });

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'control'; at: number; bytes: number[] }
  | { kind: 'random'; at: number; bytes: Uint8Array }
  | { kind: 'duplicate'; at: number; length: number };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat({ max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('control' as const), at: fc.nat(), bytes: fc.array(fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.constant(0x7f)), { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('random' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
);
function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = bytes.length ? m.at % (bytes.length + 1) : 0;
  switch (m.kind) {
    case 'flip': {
      if (!bytes.length) return bytes;
      const out = bytes.slice();
      out[at % bytes.length]! ^= 1 << m.bit;
      return out;
    }
    case 'truncate':
      return bytes.slice(0, at);
    case 'control':
      return concat(bytes.subarray(0, at), Uint8Array.from(m.bytes), bytes.subarray(at));
    case 'random':
      return concat(bytes.subarray(0, at), m.bytes, bytes.subarray(at));
    case 'duplicate':
      return concat(bytes.subarray(0, at), bytes.subarray(at, at + m.length), bytes.subarray(at));
  }
}

/** Unicode with the characters policies are made of, plus everything else now and then. */
const policyChar = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)) },
  { weight: 3, arbitrary: fc.constantFrom('。', '，', '；', '：', '\n', '\n\n', '一、', '（一）', '1.', '# ', '第一条', '《', '》', '（', '）', '“', '”', ' ', '\u3000', '\r\n', '\t', '-', '*') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }) },
);
const policyString = fc.array(policyChar, { maxLength: 300 }).map((a) => a.join(''));

const TAGS = ['div', 'p', 'h1', 'h2', 'h3', 'pre', 'script', 'style', 'nav', 'article', 'main', 'table', 'tr', 'td', 'ul', 'li', 'a', 'span', 'header', 'footer', 'aside', 'template', 'svg', 'section', 'b', 'br', 'img', 'textarea', 'title', 'noscript', 'iframe', 'button'];
const ATTRS = ['', ' class="content"', ' class="cookie-banner"', ' id="privacy-policy"', ' class="site-header nav"', ' hidden', ' style="display:none"', ' role="main"', ' role="navigation"', ' aria-label="分享"', ' class="download-app"', ' class="anndoc"', ' class="x" id=\'y\' data-z=1', ' class="unterminated'];
const htmlPiece = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...TAGS), fc.constantFrom(...ATTRS)).map(([t, a]) => `<${t}${a}>`) },
  { weight: 2, arbitrary: fc.constantFrom(...TAGS).map((t) => `</${t}>`) },
  { weight: 3, arbitrary: seedWindow.map((s) => s.slice(0, 200)) },
  { weight: 1, arbitrary: fc.constantFrom('&amp;', '&lt;', '&#x4e2d;', '&#0;', '&#xD800;', '&#99999999;', '&nbsp;', '&unknown;', '<', '</', '<!', '<!--', '-->', '<![CDATA[', ']]>', '<?xml ?>', '<!DOCTYPE html>', '\u0000', '<meta charset="gbk">', '<meta charset="big5">', '<meta charset="x-nonsense">') },
);
const tagSoup = fc.array(htmlPiece, { maxLength: 60 }).map((a) => a.join(''));

const OPTS = (numRuns: number) => ({ numRuns, seed: SEED, endOnFailure: true });

describe('property: any input gives an analysis with sound offsets or an EngineError, within the budget', () => {
  it('random bytes, with and without format prefixes (3,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: PREFIXES.length - 1 }), fc.uint8Array({ maxLength: 512 }), fileName, async (p, bytes, name) => {
        await check(concat(PREFIXES[p]!, bytes), name);
      }),
      OPTS(3000),
    );
    report('random bytes');
  }, 120_000);

  it('random Unicode and policy-like strings in every encoding (3,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(policyString, encoding, textName, async (s, e, name) => {
        await check(encode(s, e), name);
      }),
      OPTS(3000),
    );
    report('random strings');
  }, 120_000);

  it('seed windows, mutated (byte flips, truncation, control characters, random bytes, duplication) and in mixed encodings (3,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(seedWindow, encoding, fc.option(fc.tuple(seedWindow, encoding)), fc.array(mutation, { maxLength: 5 }), textName, async (s, e, other, muts, name) => {
        let bytes = encode(s, e);
        if (other) bytes = concat(bytes, encode(other[0], other[1]));
        for (const m of muts) bytes = mutate(bytes, m);
        await check(bytes, name);
      }),
      OPTS(3000),
    );
    report('mutated seeds');
  }, 120_000);

  it('HTML tag soup with seed text, as HTML, as MHTML and as text (2,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(tagSoup, fc.constantFrom('html', 'mhtml', 'txt', 'md'), encoding, async (html, as, e) => {
        if (as === 'mhtml') {
          const body = quotedPrintable(encode(html, e));
          const mime = `MIME-Version: 1.0\r\nContent-Type: multipart/related; type="text/html"; boundary="--B--"\r\n\r\n----B--\r\nContent-Type: text/html; charset=${e.replace('-bom', '')}\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${body}\r\n----B----\r\n`;
          await check(Uint8Array.from(Buffer.from(mime, 'latin1')), 'page.mhtml');
        } else {
          await check(encode(html, e), `page.${as}`);
        }
      }),
      OPTS(2000),
    );
    report('tag soup');
    console.log(`[property] slowest input: ${slowest.toFixed(0)} ms (budget ${BUDGET_MS} ms), fast-check seed ${SEED}`);
  }, 120_000);
});
