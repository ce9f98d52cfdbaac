// The classifier's memo keeps segmenter words per clause piece (memoPieces). That is only right if a clause's
// words are exactly its pieces' words, in order: checked on tricky strings and on every clause and heading of
// the 127 corpus policies (where ../shared/corpus is present), and end to end (same analyses with memo on, off).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { extractDocument } from '../adapters/index';
import { analyzeBytes, listPolicyFiles } from '../analyze';
import { normalize } from '../normalize';
import { segment } from '../segment';
import { memoPieces, setTokenMemo } from './model';
import { tokenText } from './tokenize';

const here = path.dirname(fileURLToPath(import.meta.url));
const CORPUS = path.resolve(here, '../../../../shared/corpus');
const SAMPLES = path.resolve(here, '../../../resources/samples');
const haveCorpus = existsSync(path.join(CORPUS, 'seeds'));
if (!haveCorpus) console.log(`memo-pieces.test: ${CORPUS} is absent, checking the samples only`);

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const words = (m: string): string[] => [...segmenter.segment(m)].filter((s) => s.isWordLike).map((s) => s.segment);
const pieceWords = (m: string): string[] => memoPieces(m).flatMap(words);

afterAll(() => setTokenMemo(true));

describe('memo pieces', () => {
  it('cut only at punctuation between two CJK characters, and drop it', () => {
    expect(memoPieces('我们会收集,您的信息。包括:手机号、邮箱')).toEqual(['我们会收集', '您的信息', '包括', '手机号', '邮箱']);
    // Not between two CJK characters: URLs, numbers, abbreviations and mixed text stay whole.
    expect(memoPieces('访问www.example.com,或拨打400-123,4567。')).toEqual(['访问www.example.com,或拨打400-123,4567。']);
    expect(memoPieces('保存3,000天')).toEqual(['保存3,000天']);
    expect(memoPieces('')).toEqual(['']);
    expect(memoPieces('。')).toEqual(['。']);
  });

  it('give the same segmenter words, in order, as the whole text', () => {
    for (const m of ['我们会收集,您的信息。包括:手机号、邮箱;以及(设备)“标识”!', '个人信息保护负责人:张三,电话:010-12345678。', '《儿童个人信息保护规则》、《隐私政策》']) {
      expect(pieceWords(m)).toEqual(words(m));
    }
  });

  it(`give the same words as whole clauses on every clause and heading of the ${haveCorpus ? 'corpus' : 'samples'}`, async () => {
    const { files } = await listPolicyFiles(haveCorpus ? [path.join(CORPUS, 'seeds'), path.join(CORPUS, 'ca4p-dev')] : [SAMPLES]);
    let texts = 0;
    let cut = 0;
    const differ: string[] = [];
    for (const f of files) {
      const segs = segment(normalize(await extractDocument(readFileSync(f), path.basename(f))));
      for (const t of [...segs.map((s) => s.matchText || s.text), ...new Set(segs.flatMap((s) => s.section))]) {
        const m = tokenText(t);
        texts++;
        if (memoPieces(m).length === 1) continue;
        cut++;
        if (pieceWords(m).join('|') !== words(m).join('|')) differ.push(m);
      }
    }
    console.log(`memo-pieces.test: ${cut} of ${texts} texts cut into pieces, ${differ.length} with other words`);
    expect(cut).toBeGreaterThan(haveCorpus ? 5000 : 50);
    expect(differ.slice(0, 5)).toEqual([]);
  }, 120_000);

  it('analyses are the same with the memo on (pieces seen before) and off', async () => {
    const { files } = await listPolicyFiles([SAMPLES]);
    const essence = (a: { elapsedMs: number }) => JSON.stringify({ ...a, elapsedMs: 0 });
    setTokenMemo(false);
    const off = await Promise.all(files.map(async (f) => essence(await analyzeBytes(readFileSync(f), path.basename(f)))));
    setTokenMemo(true);
    // Twice: the second pass reads every piece from the memo.
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < files.length; i++) expect(essence(await analyzeBytes(readFileSync(files[i]!), path.basename(files[i]!)))).toBe(off[i]);
    }
  }, 60_000);
});
