// Every analysis error code has its reason and next step in both languages, and Chinese reads as Chinese.
import { describe, expect, it } from 'vitest';
import { ANALYSIS_ERROR_CODES } from '../shared/types';
import { hasMessage, LANGS, t } from './i18n';
import { isAnalysisErrorCode, showsEngineDetail } from './i18n-errors';

const CJK = /[\u4e00-\u9fff]/;

describe('analysis error messages', () => {
  for (const code of ANALYSIS_ERROR_CODES) {
    it(`${code}: reason and next step in zh-CN and en`, () => {
      // actions.ts gives a failed-file toast the hint 'hint.<code>' when that key exists; the toast reads the code from it.
      expect(hasMessage(`error.${code}`)).toBe(true);
      expect(hasMessage(`hint.${code}`)).toBe(true);
      for (const key of [`error.${code}`, `hint.${code}`] as const) {
        for (const lang of LANGS) expect(t(lang, key).trim().length).toBeGreaterThan(5);
        expect(t('zh-CN', key)).toMatch(CJK);
        expect(t('en', key)).not.toMatch(CJK);
        expect(t('zh-CN', key)).not.toBe(t('en', key));
      }
      expect(isAnalysisErrorCode(code)).toBe(true);
    });
  }

  it('tells the reviewer what to do with a binary file', () => {
    expect(t('zh-CN', 'error.binary')).toContain('不是文本、HTML、PDF 或 DOCX 文件');
    expect(t('zh-CN', 'hint.binary')).toMatch(/另存为.*后重新导入/);
  });

  it('keeps the engine detail where it says more, not for empty or cancelled files', () => {
    expect(showsEngineDetail('binary')).toBe(true);
    expect(showsEngineDetail('internal')).toBe(true);
    expect(showsEngineDetail('empty')).toBe(false);
    expect(showsEngineDetail('cancelled')).toBe(false);
    expect(isAnalysisErrorCode('unauthorized')).toBe(false);
    expect(isAnalysisErrorCode(undefined)).toBe(false);
  });
});
