import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectVersionLabel } from './label';
import { normalizeAppName } from './match';
import { wordDiff } from './worddiff';

const SAMPLES = path.resolve(__dirname, '../../../resources/samples');
const sample = (prefix: string): string => readFileSync(path.join(SAMPLES, readdirSync(SAMPLES).find((f) => f.startsWith(prefix))!), 'utf8');

describe('detectVersionLabel on the seeds', () => {
  it('004: 更新时间：2024年04月23日', () => {
    expect(detectVersionLabel(sample('004_'))).toMatchObject({ label: '2024-04-23', source: 'date_line', dateKind: 'updated', raw: '更新时间：2024年04月23日' });
  });
  it('001: the update date wins over the earlier effective date', () => {
    const t = sample('001_');
    const v = detectVersionLabel(t)!;
    expect(v).toMatchObject({ label: '2022-09-01', source: 'date_line', dateKind: 'updated' });
    expect(t.slice(v.start, v.end).trim()).toBe(v.raw);
  });
  it('000, 002, 003 state no date or version: undefined (the caller uses the import time)', () => {
    expect(detectVersionLabel(sample('000_'))).toBeUndefined();
    expect(detectVersionLabel(sample('002_'))).toBeUndefined();
    expect(detectVersionLabel(sample('003_'))).toBeUndefined();
  });
});

describe('detectVersionLabel forms', () => {
  it.each([
    ['XX隐私政策\n版本：V2.3\n', 'V2.3', 'version_line'],
    ['XX隐私政策\n版本号：3.1.0\n正文', 'V3.1.0', 'version_line'],
    ['XX隐私政策（V4.2版）\n正文', 'V4.2', 'version_line'],
    ['XX隐私政策\n最近更新于2023年1月5日\n', '2023-01-05', 'date_line'],
    ['XX隐私政策\n生效日期：二〇二二年九月一日\n', '2022-09-01', 'date_line'],
    ['XX隐私政策\n更新日期: 2022-9-1\n', '2022-09-01', 'date_line'],
    ['XX隐私政策\n发布日期：2021/12/30\n', '2021-12-30', 'date_line'],
    ['XX隐私政策\n本政策更新时间为2020年3月\n', '2020-03', 'date_line'],
  ])('%s → %s', (text, label, source) => {
    expect(detectVersionLabel(text)).toMatchObject({ label, source });
  });

  it('prefers the date and keeps the version beside it', () => {
    expect(detectVersionLabel('版本：V2.3\n生效日期：2022年9月1日\n')).toMatchObject({ label: '2022-09-01', source: 'date_line', dateKind: 'effective', version: 'V2.3' });
  });

  it('ignores version and date words in running text', () => {
    expect(detectVersionLabel('我们会收集操作系统版本 10 与软件版本号。本政策的任何更新将以标注更新时间的方式公布，公布后7日后生效。')).toBeUndefined();
  });

  it('finds a date line at the end of a long document', () => {
    const text = '隐私政策\n' + '我们重视您的个人信息。'.repeat(800) + '\n本政策最近更新于2021年7月1日。';
    expect(detectVersionLabel(text)).toMatchObject({ label: '2021-07-01' });
  });
});

describe('wordDiff', () => {
  it('diffs Chinese by words and keeps offsets', () => {
    const a = '我们将在十五个工作日内完成核查。';
    const b = '我们将在三十天内完成核查和处理。';
    const segs = wordDiff(a, b, 100, 200);
    expect(segs.filter((s) => s.op !== 'insert').map((s) => s.text).join('')).toBe(a);
    expect(segs.filter((s) => s.op !== 'delete').map((s) => s.text).join('')).toBe(b);
    for (const s of segs) {
      if (s.older) expect(a.slice(s.older.start - 100, s.older.end - 100)).toBe(s.text);
      if (s.newer) expect(b.slice(s.newer.start - 200, s.newer.end - 200)).toBe(s.text);
    }
    expect(segs.some((s) => s.op === 'insert' && s.text.includes('处理'))).toBe(true);
  });

  it('whitespace and width differences are not changes', () => {
    expect(wordDiff('使用 Cookie 和同类技术', '使用Ｃｏｏｋｉｅ和同类技术').every((s) => s.op === 'equal')).toBe(true);
  });

  it('identical and empty inputs', () => {
    expect(wordDiff('相同的句子。', '相同的句子。')).toEqual([{ op: 'equal', text: '相同的句子。', older: { start: 0, end: 6 }, newer: { start: 0, end: 6 } }]);
    expect(wordDiff('', '新增。')).toEqual([{ op: 'insert', text: '新增。', newer: { start: 0, end: 3 } }]);
  });
});

describe('normalizeAppName', () => {
  it('folds width, case, quotes and kind words', () => {
    expect(normalizeAppName('“小宇宙”App')).toBe('小宇宙');
    expect(normalizeAppName('小宇宙 客户端')).toBe('小宇宙');
    expect(normalizeAppName('ＷＰＳ')).toBe('wps');
  });
});
