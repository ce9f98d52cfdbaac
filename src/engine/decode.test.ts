import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineError } from './errors';
import { MAX_FILE_BYTES, decodeText } from './decode';

const here = path.dirname(fileURLToPath(import.meta.url));
const SEEDS = path.resolve(here, '../../../shared/corpus/seeds');
const haveSeeds = existsSync(SEEDS);
if (!haveSeeds) console.log(`decode.test: ${SEEDS} is absent, skipping the seed round-trip tests`);

const tmp = mkdtempSync(path.join(tmpdir(), 'pb-decode-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function rejects(bytes: Uint8Array, name: string): EngineError {
  try {
    decodeText(bytes, name);
  } catch (err) {
    expect(err).toBeInstanceOf(EngineError);
    return err as EngineError;
  }
  throw new Error('expected decodeText to throw');
}

describe.skipIf(!haveSeeds)('decodeText round-trips the seeds through every encoding', () => {
  const seeds = haveSeeds ? readdirSync(SEEDS).filter((f) => f.endsWith('.txt')) : [];
  const encodings: { enc: string; bom: boolean; expect: string }[] = [
    { enc: 'gb18030', bom: false, expect: 'gb18030' },
    { enc: 'utf-16le', bom: true, expect: 'utf-16le' },
    { enc: 'utf-16be', bom: true, expect: 'utf-16be' },
    { enc: 'utf-8', bom: true, expect: 'utf-8-bom' },
    { enc: 'utf-8', bom: false, expect: 'utf-8' },
  ];
  for (const seed of seeds) {
    for (const { enc, bom, expect: expected } of encodings) {
      it(`${seed} as ${enc}${bom ? ' with BOM' : ''}`, () => {
        const original = readFileSync(path.join(SEEDS, seed), 'utf8');
        const file = path.join(tmp, `${seed}.${enc}${bom ? '-bom' : ''}.txt`);
        writeFileSync(file, iconv.encode(original, enc, { addBOM: bom }));
        const { text, encoding } = decodeText(readFileSync(file), file);
        expect(encoding).toBe(expected);
        expect(text === original).toBe(true);
        expect(text.charCodeAt(0)).not.toBe(0xfeff);
      });
    }
  }
});

describe('decodeText', () => {
  it('decodes GBK bytes (a GB18030 subset) of a short policy', () => {
    const text = '隐私政策\n我们会收集您的手机号码、设备信息（IMEI）。\n';
    expect(decodeText(iconv.encode(text, 'gbk'), 'p.txt')).toEqual({ text, encoding: 'gb18030' });
  });

  it('decodes Big5 traditional Chinese', () => {
    const text = '隱私權政策\n我們會蒐集您的個人資料，包括電話號碼與電子郵件地址。本公司將依法保護您的隱私權益。\n'.repeat(3);
    const r = decodeText(iconv.encode(text, 'big5'), 'tw.txt');
    expect(r.encoding).toBe('big5');
    expect(r.text).toBe(text);
  });

  it('rejects empty and whitespace-only files as empty', () => {
    expect(rejects(new Uint8Array(0), 'a/empty.txt').code).toBe('empty');
    const ws = rejects(new TextEncoder().encode(' \n\t\r\n\u3000  \n'), 'blank.txt');
    expect(ws.code).toBe('empty');
    expect(ws.message).toContain('blank.txt');
    expect(rejects(iconv.encode('  \n ', 'utf-16le', { addBOM: true }), 'blank16.txt').code).toBe('empty');
  });

  it('rejects binary files by magic number, NUL bytes and control characters, naming the kind', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const e = rejects(png, '/x/logo.txt');
    expect(e.code).toBe('binary');
    expect(e.message).toContain('logo.txt');
    expect(e.message).toContain('PNG image');
    expect(e.message).toMatch(/\.txt, \.md, \.html, \.pdf or \.docx/);
    expect(rejects(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), 'a.out').message).toContain('ELF');
    const mz = new Uint8Array(256);
    mz.set([0x4d, 0x5a, 0x90, 0]);
    expect(rejects(mz, 'setup.exe').message).toContain('Windows executable');
    expect(rejects(new TextEncoder().encode('hello\u0000world'), 'nul.txt').code).toBe('binary');
    const ctrl = new Uint8Array(400).map((_, i) => (i % 3 === 0 ? 0x01 : 0x41));
    expect(rejects(ctrl, 'ctrl.txt').code).toBe('binary');
  });

  it('does not mistake text starting with "MZ" or "BM" for binaries', () => {
    expect(decodeText(new TextEncoder().encode('MZ隐私政策 is fine'), 'mz.txt').text).toBe('MZ隐私政策 is fine');
    expect(decodeText(new TextEncoder().encode('BMW 隐私政策'), 'bm.txt').text).toBe('BMW 隐私政策');
  });

  it('rejects files over the limit as too_large (21 MB buffer and a 21 MB sparse file)', () => {
    const big = new Uint8Array(21 * 1024 * 1024);
    const e = rejects(big, 'huge.txt');
    expect(e.code).toBe('too_large');
    expect(e.message).toContain('huge.txt');
    expect(e.message).toContain('20 MB');
    const sparse = path.join(tmp, 'sparse.txt');
    const fd = openSync(sparse, 'w');
    ftruncateSync(fd, MAX_FILE_BYTES + 1);
    closeSync(fd);
    expect(rejects(readFileSync(sparse), sparse).code).toBe('too_large');
  });

  it('strips a leading BOM and keeps everything else', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('第一条 \uFEFF')]);
    expect(decodeText(bytes, 'bom.txt')).toEqual({ text: '第一条 \uFEFF', encoding: 'utf-8-bom' });
  });
});
