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
      // No section is named by a bare number ("1.2") or a table row ("深圳市腾讯计算机系统有限公司 | 是").
      for (const s of segs) for (const p of s.section) if (!/\p{L}/u.test(p) || /[|｜]/.test(p)) throw new Error(`${path.basename(file)}: section "${p}"`);
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

/** Each heading's text and section path, as "text :: a › b". */
const headingPaths = (segs: Segment[]): string[] => segs.filter((s) => s.kind === 'heading').map((s) => `${s.text} :: ${s.section.join(' › ')}`);
const sectionOf = (segs: Segment[], start: string): string => segs.find((s) => s.text.startsWith(start))!.section.join(' › ');

describe('segment: section paths', () => {
  it('does not nest the sections or the introduction under a table of contents', () => {
    const text = [
      '隐私政策', '',
      '本政策将帮助您了解以下内容：',
      '一、我们如何收集和使用您的个人信息', '二、我们如何共享您的个人信息', '三、如何联系我们',
      '我们深知个人信息对您的重要性。', '',
      '一、我们如何收集和使用您的个人信息', '我们会收集您的手机号码。',
      '（一）注册', '注册时我们收集手机号码。',
      '二、我们如何共享您的个人信息', '我们不会共享您的信息。',
      '三、如何联系我们', '请发送邮件联系我们。',
    ].join('\n');
    const segs = segText(text);
    // The introduction after the contents is not inside its last entry.
    expect(sectionOf(segs, '我们深知')).toBe('隐私政策');
    // Each section replaces its contents twin instead of nesting under the last entry.
    expect(headingPaths(segs).slice(-4)).toEqual([
      '一、我们如何收集和使用您的个人信息 :: 隐私政策',
      '（一）注册 :: 隐私政策 › 一、我们如何收集和使用您的个人信息',
      '二、我们如何共享您的个人信息 :: 隐私政策',
      '三、如何联系我们 :: 隐私政策',
    ]);
    expect(sectionOf(segs, '注册时')).toBe('隐私政策 › 一、我们如何收集和使用您的个人信息 › （一）注册');
    expect(sectionOf(segs, '我们不会共享')).toBe('隐私政策 › 二、我们如何共享您的个人信息');
  });

  it('makes sections listed in a numbered table of contents siblings, however they are marked in the text', () => {
    // The contents say "1.…"; the text titles the same sections without numbers and numbers their subsections.
    const text = [
      '本隐私政策将帮助您了解以下内容：',
      '1.个人信息的收集', '2.个人信息的存储', '3.对Cookie的使用',
      '个人信息的收集', '我们会收集您的设备信息。',
      '1. 您向我们提供的信息', '您注册时提供手机号码。',
      '2. 我们从第三方获得的信息', '我们可能从合作方获得您的昵称。',
      '个人信息的存储', '我们将信息存储在境内。',
      '对Cookie的使用', '我们会使用Cookie。',
    ].join('\n');
    const segs = segText(text);
    expect(sectionOf(segs, '个人信息的收集')).toBe('');
    expect(sectionOf(segs, '我们可能从合作方')).toBe('个人信息的收集 › 2. 我们从第三方获得的信息');
    expect(sectionOf(segs, '个人信息的存储')).toBe('');
    expect(sectionOf(segs, '我们将信息存储')).toBe('个人信息的存储');
    expect(sectionOf(segs, '对Cookie的使用')).toBe('');
    expect(sectionOf(segs, '我们会使用Cookie')).toBe('对Cookie的使用');
  });

  it('finds a table of contents whose titles are reworded, and takes its sections out of the heading that holds it', () => {
    const text = [
      '# 游戏隐私保护指引', '### 概要', '本指引说明我们如何处理您的信息。',
      '* 1、我们如何收集您的个人信息', '* 2、我们如何存储信息', '* 3、关于您的权利',
      '**1.我们如何收集您的个人信息**', '我们收集设备信息。',
      '**2.信息的存储**', '我们在境内存储信息。',
      '**3.您的权利**', '您可以删除信息。',
    ].join('\n');
    const segs = segText(text);
    expect(sectionOf(segs, '本指引说明')).toBe('游戏隐私保护指引 › 概要');
    expect(sectionOf(segs, '我们收集设备信息')).toBe('游戏隐私保护指引 › 1.我们如何收集您的个人信息');
    expect(sectionOf(segs, '我们在境内存储信息')).toBe('游戏隐私保护指引 › 2.信息的存储');
    expect(sectionOf(segs, '您可以删除信息')).toBe('游戏隐私保护指引 › 3.您的权利');
    // Reworded entries ("…在全球范围转移" / "…在全球范围内转移") still make a table of contents.
    const near = segText('隐私政策\n一、我们如何收集和使用个人信息\n二、您的个人信息如何在全球范围转移\n三、适用法律和诉讼管辖\n请仔细阅读。\n一、我们如何收集和使用您的个人信息\n我们收集设备信息。\n二、您的个人信息如何在全球范围内转移\n不会转移。\n三、适用法律及管辖\n适用中国法律。');
    expect(sectionOf(near, '请仔细阅读')).toBe('隐私政策');
    expect(sectionOf(near, '我们收集设备信息')).toBe('隐私政策 › 一、我们如何收集和使用您的个人信息');
  });

  it('ends a table of contents where its numbering starts again, even with reworded titles', () => {
    // No blank text between the last entry and the first section, and the first title differs from its entry.
    const text = '隐私政策\n一、我们如何收集您的个人信息\n二、我们如何共享\n三、您的权利\n**一、我们如何收集和使用您的信息**\n（一）注册\n注册时我们收集手机号码。\n二、我们如何共享\n我们不共享。\n三、您的权利\n您可以删除信息。';
    const segs = segText(text);
    expect(sectionOf(segs, '注册时')).toBe('隐私政策 › 一、我们如何收集和使用您的信息 › （一）注册');
    expect(sectionOf(segs, '您可以删除')).toBe('隐私政策 › 三、您的权利');
  });

  it('reads a contents line that runs several entries together as text, not a heading', () => {
    const segs = segText('本政策包含以下内容：\n7.未成年人使用条款8.隐私政策的修订9.联系我们\n前言\n我们重视您的隐私。\n一、总则\n本政策适用于本应用。');
    expect(segs.find((s) => s.text.startsWith('7.未成年人'))!.kind).not.toBe('heading');
    expect(sectionOf(segs, '本政策适用于')).not.toContain('7.');
  });

  it('places numbered Markdown headings by their numbering when the # markers are inconsistent', () => {
    const text = [
      '# 隐私政策',
      '## 一、我们如何收集信息', '我们收集手机号。',
      '#### （一）注册', '注册需要手机号。',
      '### 二、我们如何共享信息', '我们不共享。',
      '#### （一）共享', '仅在法定情形共享。',
      '## 三、联系我们', '请联系客服。',
    ].join('\n');
    const segs = segText(text);
    expect(headingPaths(segs)).toEqual([
      '# 隐私政策 :: ',
      '## 一、我们如何收集信息 :: 隐私政策',
      '#### （一）注册 :: 隐私政策 › 一、我们如何收集信息',
      '### 二、我们如何共享信息 :: 隐私政策',
      '#### （一）共享 :: 隐私政策 › 二、我们如何共享信息',
      '## 三、联系我们 :: 隐私政策',
    ]);
  });

  it('pops every deeper heading when a sibling comes back (Markdown levels, dotted numbers)', () => {
    const md = segText('# 指引\n### 1. 我们收集的信息\n收集。\n### 2. 信息的存储\n#### 2.1 存储期限\n六个月。\n### 3. 信息安全\n#### 3.1 安全措施\n加密。\n### 4. 联系我们\n邮件。');
    expect(sectionOf(md, '### 3.')).toBe('指引');
    expect(sectionOf(md, '加密')).toBe('指引 › 3. 信息安全 › 3.1 安全措施');
    expect(sectionOf(md, '### 4.')).toBe('指引');
    const dotted = segText('1．我们如何收集\n1.1 注册\n1.1.1 注册账号\n手机号。\n1.1.2 认证\n身份证。\n1.2 播放浏览\n浏览记录。\n1.3 发布\n1.3.1 信息发布\n图片。\n1.4 搜索\n关键词。\n2.我们如何共享\n不共享。');
    expect(headingPaths(dotted)).toEqual([
      '1．我们如何收集 :: ',
      '1.1 注册 :: 1．我们如何收集',
      '1.1.1 注册账号 :: 1．我们如何收集 › 1.1 注册',
      '1.1.2 认证 :: 1．我们如何收集 › 1.1 注册',
      '1.2 播放浏览 :: 1．我们如何收集',
      '1.3 发布 :: 1．我们如何收集',
      '1.3.1 信息发布 :: 1．我们如何收集 › 1.3 发布',
      '1.4 搜索 :: 1．我们如何收集',
      '2.我们如何共享 :: ',
    ]);
  });

  it('keeps the Markdown nesting when the numbering restarts inside a section', () => {
    const segs = segText('## 1. 收集\n### 1. 注册\n手机号。\n### 2. 登录\n密码。\n## 2. 使用\n用于服务。');
    expect(headingPaths(segs)).toEqual(['## 1. 收集 :: ', '### 1. 注册 :: 1. 收集', '### 2. 登录 :: 1. 收集', '## 2. 使用 :: ']);
  });

  it('does not put 5.1 inside 4. when the heading 5. is missing, and reads "1. ## 一、…" as the heading it wraps', () => {
    const dotted = segText('4.我们如何保护信息\n我们采取加密措施。\n5.1 访问您的个人信息\n您可以访问。\n5.2 注销账号\n您可以注销。');
    expect(sectionOf(dotted, '5.1')).toBe('');
    expect(sectionOf(dotted, '您可以注销')).toBe('5.2 注销账号');
    const wrapped = segText('# 隐私保护协议\n1. ## 一、个人信息的收集\n1. ### 1.1 注册\n手机号。\n2. ## 二、个人信息的保护\n加密。');
    expect(headingPaths(wrapped)).toEqual([
      '# 隐私保护协议 :: ',
      '1. ## 一、个人信息的收集 :: 隐私保护协议',
      '1. ### 1.1 注册 :: 隐私保护协议 › 一、个人信息的收集',
      '2. ## 二、个人信息的保护 :: 隐私保护协议',
    ]);
  });

  it('never takes a table row or a piece of one for a heading', () => {
    const text = '二、第三方SDK\n我们接入了以下SDK。\n深圳市腾讯计算机系统有限公司 | 是\n微信SDK用于分享。\n写入外部存储卡 | 写入外部存储卡\n用于缓存图片。\n1. 极光推送 | 推送\n三、联系我们\n请联系客服。';
    const segs = segText(text);
    for (const s of segs) if (s.text.includes('|')) expect(s.kind, s.text).not.toBe('heading');
    expect(sectionOf(segs, '用于缓存图片')).toBe('二、第三方SDK');
    expect(sectionOf(segs, '请联系客服')).toBe('三、联系我们');
  });

  it('joins a number alone on its line to the line after it, and never makes an empty-titled section', () => {
    const text = '4. 我们如何保护您的信息\n4.1 当您注册时，需提供手机号码。\n4.2\n若您以其他方式关联登录，我们会向第三方请求您的信息。\n**4.4**\n**信息安全事件**\n我们会及时告知您。\n4.5\n（1）姓名；\n（2）电话。';
    const segs = segText(text);
    const joined = segs.find((s) => s.text.startsWith('4.2'))!;
    expect(joined.kind).toBe('list_item');
    expect(joined.text).toBe('4.2\n若您以其他方式关联登录，我们会向第三方请求您的信息。');
    expect(joined.section).toEqual(['4. 我们如何保护您的信息']);
    const heading = segs.find((s) => s.text.startsWith('**4.4**'))!;
    expect(heading.kind).toBe('heading');
    expect(sectionOf(segs, '我们会及时告知')).toBe('4. 我们如何保护您的信息 › 4.4 信息安全事件');
    // "4.5" followed by a list of its own cannot take a title: it is kept as text and names no section.
    expect(segs.find((s) => s.text === '4.5')!.kind).not.toBe('heading');
    for (const s of segs) for (const p of s.section) expect(p).toMatch(/[\p{L}]/u);
  });

  it('keeps offsets and ids of unchanged text when only the section structure changes', () => {
    const flat = segText('我们收集手机号。\n1.2\n若您关联登录，我们请求第三方信息。');
    const nested = segText('一、收集\n我们收集手机号。\n1.2\n若您关联登录，我们请求第三方信息。');
    const id = (segs: Segment[], t: string) => segs.find((s) => s.text === t)!.id;
    expect(id(nested, '我们收集手机号。')).toBe(id(flat, '我们收集手机号。'));
    const joined = '1.2\n若您关联登录，我们请求第三方信息。';
    expect(id(nested, joined)).toBe(id(flat, joined));
    for (const segs of [flat, nested]) for (const s of segs) expect(s.text).toBe(s.text.trim());
  });
});
