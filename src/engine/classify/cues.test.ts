import { describe, expect, it } from 'vitest';
import { findCues, isNegated } from './cues';
import { toMatch } from './text';

function negatedAt(text: string, cue: string): boolean {
  const m = toMatch(text);
  const i = m.indexOf(toMatch(cue));
  expect(i).toBeGreaterThanOrEqual(0);
  return isNegated(m, i);
}

describe('isNegated', () => {
  it.each([
    ['我们不会收集您的通讯录', '通讯录', true],
    ['我们收集您的通讯录', '通讯录', false],
    ['我们不会收集您的通讯录，但会收集您的手机号码', '手机号码', false],
    ['我们不会共享您的个人信息，除非获得您的同意后与合作伙伴共享', '与合作伙伴共享', false],
    ['当您选择拒绝时，我们不会访问您的相册', '相册', true],
    ['无需您的授权即可收集设备信息', '收集', true],
    ['包括但不限于您的IP地址', 'IP地址', false],
    ['不满十四周岁的未成年人', '未成年人', false],
    ['未经您同意，我们不会与任何第三方分享您的个人信息', '分享', true],
    ['未经您同意收集', '收集', false],
    ['我们在不同场景下收集位置信息', '位置信息', false],
    ['目前我们暂时不存在跨境存储您的个人信息的场景', '跨境', true],
    ['禁止第三方收集', '收集', true],
  ])('%s / %s → %s', (text, cue, expected) => {
    expect(negatedAt(text, cue)).toBe(expected);
  });

  it('works on full-width and spaced text', () => {
    const hits = findCues(toMatch('我们 不会 收集 您的 ＩＭＥＩ'), ['imei']);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.negated).toBe(true);
  });

  it('keeps the longest overlapping cue and respects ASCII word boundaries', () => {
    const hits = findCues(toMatch('收集IP地址和VIP等级'), ['ip', 'ip地址']);
    expect(hits.map((h) => h.cue)).toEqual(['ip地址']);
  });
});
