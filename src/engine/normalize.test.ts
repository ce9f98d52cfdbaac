import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalize, toMatchKey, toMatchText } from './normalize';

const here = path.dirname(fileURLToPath(import.meta.url));
const SEEDS = path.resolve(here, '../../../shared/corpus/seeds');
const haveSeeds = existsSync(SEEDS);
if (!haveSeeds) console.log(`normalize.test: ${SEEDS} is absent, skipping the seed tests`);

const doc = (text: string) => normalize({ text, format: 'text', encoding: 'utf-8' });

describe('matchText', () => {
  it('maps full-width forms to ASCII and lower-cases ASCII, one character for one', () => {
    const text = '（一）ＩＭＥＩ、Android ID，１５个工作日；“SDK”【注】　⼀';
    const m = toMatchText(text);
    expect(m.length).toBe(text.length);
    expect(m).toBe('(一)imei、android id,15个工作日;"sdk"[注] 一');
  });

  it('keeps the length of whole documents, surrogate pairs included', () => {
    const text = '😀𠮷 ＡＢＣ\r\n第１条';
    expect(doc(text).matchText.length).toBe(text.length);
  });

  it('gives cue words the same key as clauses', () => {
    expect(toMatchKey('IP 地址')).toBe('ip地址');
  });
});

describe('soft breaks and page artefacts', () => {
  it('joins hard-wrapped lines of a PDF-like extraction but not sentence ends, headings or list items', () => {
    const wrap = (s: string) => s.match(/.{1,30}/g)!.join(' \n\n');
    const para = wrap('我们非常重视对未成年人个人信息的保护。我们会根据相关法律法规的规定，要求不满十四周岁的未成年人在使用我们的服务或向我们提供个人信息前，应当事先取得自己的监护人（比如自己的父母）的授权同意；已满十四周岁未满十八周岁的未成年人，可以事先取得自己的监护人的授权同意或自行授权同意，我们鼓励父母或监护人指导未满十八岁的未成年人使用我们的服务');
    const text = `一、未成年人\n\n${para}。\n\n1.第一项内容在这里写得足够长足够长足够长足够长足\n\n2.第二项\n\n${wrap('我们会收集您的设备信息和位置信息以及其他信息用于向您提供服务并改进服务质量和安全保障措施')}。`;
    const n = doc(text);
    const soft = [...n.softBreaks].sort((a, b) => a - b);
    expect(soft.length).toBeGreaterThan(8);
    for (const i of soft) expect(text[i]).toBe('\n');
    const after = (needle: string) => text.indexOf('\n', text.indexOf(needle));
    expect(n.softBreaks.has(after('一、未成年人'))).toBe(false);
    expect(n.softBreaks.has(after('足够长足'))).toBe(false); // next line is a list item
  });

  it.skipIf(!haveSeeds)('reads seed 000 "不满十四周\\n岁" as one word', () => {
    const text = readFileSync(path.join(SEEDS, '000_296fdf692ffb1e9f.txt'), 'utf8');
    const n = doc(text);
    const i = text.indexOf('不满十四周\n');
    expect(i).toBeGreaterThan(0);
    let j = i + 5;
    while (text[j] !== '岁') {
      if (text[j] === '\n') expect(n.softBreaks.has(j)).toBe(true);
      j++;
    }
    // A line that ends a sentence keeps its break.
    const end = text.indexOf('寻求父母或监护人的同意和指导。');
    expect(n.softBreaks.has(text.indexOf('\n', end))).toBe(false);
  });

  it('marks page numbers, running headers and decoration as skip ranges', () => {
    const page = (n: number) => `某某App隐私政策\n${'我们会收集您的手机号码用于注册账号。\n'.repeat(20)}- ${n} -\n第 ${n} 页 共 4 页\n${n}/4\n==========\n`;
    const text = [1, 2, 3, 4].map(page).join('');
    const n = doc(text);
    const skipped = n.skipRanges.map(([s, e]) => text.slice(s, e));
    expect(skipped.filter((t) => t === '某某App隐私政策').length).toBe(4);
    expect(skipped).toEqual(expect.arrayContaining(['- 2 -', '第 3 页 共 4 页', '4/4', '==========']));
    expect(skipped.some((t) => t.includes('手机号码'))).toBe(false);
  });

  it('takes lone numbers for page numbers only when they count up', () => {
    const body = '我们会收集您的手机号码用于注册账号。\n'.repeat(5);
    const counted = doc(`${body}1\n${body}2\n${body}3\n${body}`);
    expect(counted.skipRanges.length).toBe(3);
    const table = doc(`${body}15\n${body}30\n${body}7\n`);
    expect(table.skipRanges.length).toBe(0);
  });
});
