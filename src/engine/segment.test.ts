import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Segment } from './document';
import { extractDocument } from './adapters/index';
import { normalize } from './normalize';
import { MAX_CLAUSE_CHARS, segment } from './segment';

const here = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = path.resolve(here, '../../../shared/corpus');
const haveCorpus = existsSync(path.join(CORPUS, 'seeds')) && existsSync(path.join(CORPUS, 'ca4p-dev'));
if (!haveCorpus) console.log(`segment.test: ${CORPUS} is absent, skipping the corpus tests`);

const segText = (text: string) => segment(normalize({ text, format: 'text', encoding: 'utf-8' }));

function corpusFiles(): string[] {
  if (!haveCorpus) return [];
  return ['seeds', 'ca4p-dev'].flatMap((d) => readdirSync(path.join(CORPUS, d)).sort().map((f) => path.join(CORPUS, d, f)));
}

async function segmentFile(file: string) {
  const doc = await extractDocument(readFileSync(file), path.basename(file));
  const norm = normalize(doc);
  return { doc, norm, segs: segment(norm) };
}

function checkInvariants(text: string, segs: Segment[], skip: [number, number][], where: string): void {
  let last = 0;
  for (const s of segs) {
    expect(text.slice(s.start, s.end), where).toBe(s.text);
    expect(s.start, where).toBeGreaterThanOrEqual(last);
    expect(s.end, where).toBeGreaterThan(s.start);
    expect(s.text.trim(), where).toBe(s.text);
    expect(s.matchText.length, where).toBeGreaterThan(0);
    last = s.end;
  }
  for (const [a, b] of skip) for (const s of segs) if (s.start < b && a < s.end) throw new Error(`${where}: clause ${s.id} overlaps skip range ${a}-${b}`);
  expect(new Set(segs.map((s) => s.id)).size, where).toBe(segs.length);
}

describe.skipIf(!haveCorpus)('segment over the corpus', () => {
  it('keeps text === slice(start, end), order, no overlap, no empties, no skip ranges, unique ids for every file', async () => {
    let clauses = 0;
    let segmentMs = 0;
    const files = corpusFiles();
    for (const file of files) {
      const doc = await extractDocument(readFileSync(file), path.basename(file));
      const t0 = performance.now();
      const norm = normalize(doc);
      const segs = segment(norm);
      segmentMs += performance.now() - t0;
      clauses += segs.length;
      checkInvariants(doc.text, segs, norm.skipRanges, path.basename(file));
      for (const s of segs) expect(s.end - s.start).toBeLessThanOrEqual(MAX_CLAUSE_CHARS);
    }
    console.log(`segment.test: ${files.length} files, ${clauses} clauses, normalize+segment ${segmentMs.toFixed(0)} ms`);
    expect(segmentMs).toBeLessThan(3000);
  });

  it('splits the one-line scraped seed 001 into many clauses and finds its inline headings', async () => {
    const { segs } = await segmentFile(path.join(CORPUS, 'seeds/001_17f9a5d3888bfd81.txt'));
    expect(segs.length).toBeGreaterThan(100);
    const headings = segs.filter((s) => s.kind === 'heading').map((s) => s.text);
    expect(headings).toEqual(expect.arrayContaining(['一、我们如何收集和使用您的个人信息', '（一）我们收集的信息', '九、如何联系我们']));
    const minors = segs.find((s) => s.text.startsWith('若您是未满十八周岁的未成年人'))!;
    expect(minors.section).toEqual(['第二部分 个人信息隐私政策', '六、我们如何处理未成人的个人信息']);
    expect(segs[0]!.text.startsWith('Skip to content')).toBe(false);
  });

  it('skips the front matter of seed 003 (a Jekyll page saved as .txt)', async () => {
    const { segs } = await segmentFile(path.join(CORPUS, 'seeds/003_d5f8391edbc6abca.txt'));
    expect(segs[0]!.text.startsWith('本应用尊重并保护所有使用服务用户的个人隐私权。')).toBe(true);
  });

  it('keeps seed 000 "不满十四周\\n岁" inside one clause that reads 不满十四周岁', async () => {
    const { segs } = await segmentFile(path.join(CORPUS, 'seeds/000_296fdf692ffb1e9f.txt'));
    const c = segs.find((s) => s.text.includes('不满十四周\n'))!;
    expect(c).toBeDefined();
    expect(c.text).toMatch(/不满十四周\s+岁的未成年人/);
    expect(c.matchText).toContain('要求不满十四周岁的未成年人在使用我们的服务');
    expect(c.section).toEqual(['未成年人使用我们的服务']);
  });
});

describe('segment', () => {
  it('finds headings, list items and sentences with section paths', () => {
    const text = '示例隐私政策\n\n一、我们如何收集信息\n（一）注册\n1. 手机号码：用于注册。我们不会出售。\n（1）可选信息；\n二、联系我们\n如有问题，请联系我们! Thanks; ok\n';
    const segs = segText(text);
    expect(segs.map((s) => [s.kind, s.text])).toEqual([
      ['heading', '示例隐私政策'],
      ['heading', '一、我们如何收集信息'],
      ['heading', '（一）注册'],
      ['list_item', '1. 手机号码：用于注册。'],
      ['sentence', '我们不会出售。'],
      ['list_item', '（1）可选信息；'],
      ['heading', '二、联系我们'],
      ['sentence', '如有问题，请联系我们!'],
      ['sentence', 'Thanks;'],
      ['sentence', 'ok'],
    ]);
    expect(segs[1]!.section).toEqual(['示例隐私政策']);
    expect(segs[4]!.section).toEqual(['示例隐私政策', '一、我们如何收集信息', '（一）注册']);
    expect(segs[6]!.section).toEqual(['示例隐私政策']);
    expect(segs[7]!.section).toEqual(['示例隐私政策', '二、联系我们']);
  });

  it('uses the adapter headings (Markdown, HTML) and nests them by level', () => {
    const text = '政策\n收集\n我们收集手机号。\n共享\n我们不共享。';
    const norm = normalize({ text, format: 'markdown', encoding: 'utf-8', headings: [{ start: 0, end: 2, level: 1 }, { start: 3, end: 5, level: 2 }, { start: 14, end: 16, level: 2 }] });
    const segs = segment(norm);
    expect(segs.map((s) => [s.kind, s.text, s.section.join('>')])).toEqual([
      ['heading', '政策', ''],
      ['heading', '收集', '政策'],
      ['sentence', '我们收集手机号。', '政策>收集'],
      ['heading', '共享', '政策'],
      ['sentence', '我们不共享。', '政策>共享'],
    ]);
  });

  it('gives stable ids: inserting a clause elsewhere changes no other id, repeats get an occurrence suffix', () => {
    const a = segText('我们收集手机号。我们保存六个月。我们收集手机号。');
    const b = segText('前言。我们收集手机号。新增一句。我们保存六个月。我们收集手机号。');
    const idsA = a.map((s) => s.id);
    expect(idsA[0]).toMatch(/^c[0-9a-f]{10}$/);
    expect(idsA[2]).toBe(`${idsA[0]}-1`);
    const byText = new Map(b.map((s) => [s.text + s.id, s.id]));
    for (const s of a) expect(byText.get(s.text + s.id)).toBe(s.id);
    // Width and case do not change an id.
    expect(segText('我们收集ＩＭＥＩ，')[0]!.id).toBe(segText('我们收集imei,')[0]!.id);
  });

  it('cuts absurdly long clauses at commas', () => {
    const text = `${'我们会收集您的设备信息，'.repeat(200)}完毕。`;
    const segs = segText(text);
    expect(segs.length).toBeGreaterThan(3);
    for (const s of segs) {
      expect(s.end - s.start).toBeLessThanOrEqual(MAX_CLAUSE_CHARS);
      expect(text.slice(s.start, s.end)).toBe(s.text);
    }
    const noCommas = segText('x'.repeat(5000));
    expect(noCommas.map((s) => s.text).join('')).toBe('x'.repeat(5000));
  });

  it('drops clauses that are only punctuation and never returns empty ones', () => {
    const segs = segText('——\n。\n   \n我们收集信息。。\n');
    expect(segs.map((s) => s.text)).toEqual(['我们收集信息。。']);
  });

  it('segments 30,000 lines and a 0.7 MB single line in linear time', () => {
    const many = '我们会收集您的手机号码用于注册账号，并保存六个月。\n'.repeat(30_000);
    const t0 = performance.now();
    expect(segText(many).length).toBe(30_000);
    const one = '我们会收集您的手机号码用于注册账号，并保存六个月。 一、我们如何共享 '.repeat(20_000);
    expect(segText(one).length).toBe(40_000);
    expect(performance.now() - t0).toBeLessThan(6_000);
  });
});
