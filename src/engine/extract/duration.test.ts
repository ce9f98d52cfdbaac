import { describe, expect, it } from 'vitest';
import { findDurations, parseChineseNumber, parseDuration } from './duration';

describe('parseChineseNumber', () => {
  it.each([
    ['一', 1], ['两', 2], ['十', 10], ['十五', 15], ['二十', 20], ['三十', 30], ['二十四', 24],
    ['一百八十', 180], ['一百零五', 105], ['15', 15], ['１５', 15], ['48', 48],
  ])('%s → %d', (s, n) => expect(parseChineseNumber(s)).toBe(n));
});

describe('parseDuration', () => {
  it.each([
    ['十五个工作日', { number: 15, unit: 'working_days', text: '十五个工作日' }],
    ['15个工作日内完成', { number: 15, unit: 'working_days', text: '15个工作日' }],
    ['在15工作日内', { number: 15, unit: 'working_days', text: '15工作日' }],
    ['48小时', { number: 48, unit: 'hours', text: '48小时' }],
    ['４８小时', { number: 48, unit: 'hours', text: '４８小时' }],
    ['30天', { number: 30, unit: 'days', text: '30天' }],
    ['三十日', { number: 30, unit: 'days', text: '三十日' }],
    ['三个月', { number: 3, unit: 'months', text: '三个月' }],
    ['6个月', { number: 6, unit: 'months', text: '6个月' }],
    ['一年', { number: 1, unit: 'years', text: '一年' }],
    ['两周', { number: 2, unit: 'weeks', text: '两周' }],
    ['七个自然日', { number: 7, unit: 'days', text: '七个自然日' }],
  ])('%s', (s, expected) => expect(parseDuration(s)).toEqual(expected));

  it.each(['即时', '立即', '几秒钟内即可完成', '实时'])('%s → immediate', (s) => expect(parseDuration(s)).toBe('immediate'));

  it('skips dates and ages', () => {
    expect(findDurations('更新日期：2022年9月1日')).toEqual([]);
    expect(findDurations('不满十四周岁的未成年人')).toEqual([]);
    expect(findDurations('2024年04月23日')).toEqual([]);
  });

  it('returns null without a duration', () => expect(parseDuration('我们将尽快处理')).toBeNull());
});
