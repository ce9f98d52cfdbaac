import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { chineseCounting, docxAdapter, extractDocx, formatNumber, MAX_DOCX_UNCOMPRESSED, readZipDirectory, sniffDocx } from './docx';
import { buildDocx, buildZip, docxDocumentXml, docxPackageParts, encryptedOfficeFile, type DocxParagraph } from './fixtures-gen';

async function failure(bytes: Uint8Array, fileName: string): Promise<EngineError> {
  try {
    await extractDocx({ bytes, fileName });
  } catch (err) {
    expect(err).toBeInstanceOf(EngineError);
    return err as EngineError;
  }
  throw new Error(`expected ${fileName} to be refused`);
}

const policy: DocxParagraph[] = [
  { text: '某某App隐私政策', style: 'Title' },
  { text: '本政策适用于某某App提供的全部服务。' },
  { text: '我们如何收集和使用您的个人信息', style: '1', num: { id: 1, level: 0 } },
  { text: '注册账号时，我们会收集您的手机号码。', num: { id: 1, level: 1 } },
  { text: '使用定位功能时，我们会收集您的位置信息。', num: { id: 1, level: 1 } },
  { text: '我们如何共享您的个人信息', style: '1', num: { id: 1, level: 0 } },
  { text: '我们不会向第三方出售您的个人信息。', num: { id: 1, level: 1 } },
  { text: '联系我们', style: 'Heading2' },
  { text: '电子邮件：privacy@example.com', num: { id: 2, level: 0 } },
  { text: '客服电话', num: { id: 2, level: 1 } },
  { text: '工作日 9:00-18:00', num: { id: 2, level: 2 } },
  { text: '邮寄地址', num: { id: 2, level: 0 } },
  { text: '本政策自发布之日起生效。', style: 'MyClause' },
  { text: '我们保留修改本政策的权利。', style: 'MyClause' },
];

describe('docx adapter', () => {
  it('is registered as docx and sniffs a zip holding word/document.xml', () => {
    expect(docxAdapter.id).toBe('docx');
    expect(docxAdapter.extensions).toContain('docx');
    expect(sniffDocx(buildDocx(policy))).toBe(true);
    expect(sniffDocx(buildZip([{ name: 'a.txt', data: 'hello' }]))).toBe(false);
    expect(sniffDocx(new TextEncoder().encode('%PDF-1.4'))).toBe(false);
    expect(sniffDocx(encryptedOfficeFile())).toBe(true);
  });

  it('reads paragraphs one per line, keeps Word numbering as text and reports headings', async () => {
    const doc = await extractDocx({ bytes: buildDocx(policy), fileName: 'policy.docx' });
    expect(doc.format).toBe('docx');
    expect(doc.encoding).toBe('binary-container');
    expect(doc.text.split('\n')).toEqual([
      '某某App隐私政策',
      '本政策适用于某某App提供的全部服务。',
      '一、我们如何收集和使用您的个人信息',
      '（一）注册账号时，我们会收集您的手机号码。',
      '（二）使用定位功能时，我们会收集您的位置信息。',
      '二、我们如何共享您的个人信息',
      '（一）我们不会向第三方出售您的个人信息。',
      '联系我们',
      '1.电子邮件：privacy@example.com',
      '1.1 客服电话',
      '工作日 9:00-18:00',
      '2.邮寄地址',
      '第一条 本政策自发布之日起生效。',
      '第二条 我们保留修改本政策的权利。',
    ]);
    const headings = (doc.headings ?? []).map((h) => [doc.text.slice(h.start, h.end), h.level]);
    expect(headings).toEqual([
      ['某某App隐私政策', 1],
      ['一、我们如何收集和使用您的个人信息', 1],
      ['二、我们如何共享您的个人信息', 1],
      ['联系我们', 2],
    ]);
  });

  it('reads tables, text boxes once, tabs and breaks; skips deleted and hidden text', async () => {
    const extra = `
      <w:tbl><w:tr><w:tc><w:p><w:r><w:t>数据类型</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>用途</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
      <w:p><w:r><w:t>前</w:t></w:r><w:del><w:r><w:delText>已删除</w:delText></w:r></w:del><w:ins><w:r><w:t>新增</w:t></w:r></w:ins><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:tab/><w:t>后</w:t><w:br/><w:t>次行</w:t></w:r></w:p>
      <w:p><w:r><w:t>框前</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框内容</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框内容</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>框后</w:t></w:r></w:p>
      <w:p><w:r><w:t>a &amp; b &lt; c</w:t></w:r></w:p>`;
    const doc = await extractDocx({ bytes: buildDocx([{ text: '开头' }], extra), fileName: 'mixed.docx' });
    expect(doc.text.split('\n')).toEqual(['开头', '数据类型', '用途', '前新增\t后', '次行', '文本框内容', '框前框后', 'a & b < c']);
  });

  it('formats Word number formats', () => {
    expect([1, 10, 11, 20, 21, 100, 105, 110].map((n) => chineseCounting(n))).toEqual(['一', '十', '十一', '二十', '二十一', '一百', '一百零五', '一百一十']);
    expect(formatNumber(3, 'lowerLetter')).toBe('c');
    expect(formatNumber(4, 'upperRoman')).toBe('IV');
    expect(formatNumber(2, 'decimalEnclosedCircle')).toBe('②');
    expect(formatNumber(12, 'decimalFullWidth')).toBe('１２');
    expect(formatNumber(3, 'chineseLegalSimplified')).toBe('叁');
  });

  it('refuses a truncated DOCX as parse_failed', async () => {
    const full = buildDocx(policy);
    for (const cut of [0.3, 0.6, 0.95]) {
      const err = await failure(full.slice(0, Math.floor(full.length * cut)), '/drafts/cut.docx');
      expect(err.code).toBe('parse_failed');
      expect(err.file).toBe('/drafts/cut.docx');
      expect(err.message).toMatch(/^cut\.docx: this Word file cannot be read: .*save it again as \.docx/);
    }
  });

  it('refuses a file that is not a zip, and a legacy .doc, as parse_failed', async () => {
    expect((await failure(new TextEncoder().encode('hello, not a docx'), 'plain.docx')).code).toBe('parse_failed');
    const doc = encryptedOfficeFile();
    // A CFB without EncryptedPackage: an old .doc renamed.
    const legacy = doc.map((b, i) => (i >= 1024 && i < 1536 ? 0 : b));
    const err = await failure(legacy, 'old.docx');
    expect(err.code).toBe('parse_failed');
    expect(err.message).toContain('legacy Word .doc');
  });

  it('refuses a password-protected DOCX as encrypted', async () => {
    const err = await failure(encryptedOfficeFile(), 'locked.docx');
    expect(err.code).toBe('encrypted');
    expect(err.message).toMatch(/^locked\.docx: the Word document is password-protected.*remove the password/i);
  });

  it('refuses a zip bomb that declares a huge size, before inflating anything', async () => {
    const parts = docxPackageParts(docxDocumentXml([{ text: '正文' }])).map((p) =>
      p.name === 'word/document.xml' ? { ...p, declaredSize: 0xfffffff0 } : p,
    );
    const started = performance.now();
    const err = await failure(buildZip(parts), 'bomb.docx');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(['too_large', 'parse_failed']).toContain(err.code);
    expect(err.message).toContain('bomb.docx');
  });

  it('refuses many parts that together would unpack past the limit as too_large', async () => {
    const parts = docxPackageParts(docxDocumentXml([{ text: '正文' }]));
    const filler = Array.from({ length: 30 }, (_, i) => ({ name: `word/media/pad${i}.bin`, data: new Uint8Array(8), method: 0 as const, declaredSize: 10 * 1024 * 1024 }));
    const err = await failure(buildZip([...parts, ...filler]), 'padded.docx');
    expect(err.code).toBe('too_large');
    expect(err.message).toContain(`${MAX_DOCX_UNCOMPRESSED / 1024 / 1024} MB`);
  });

  it('refuses a zip bomb that lies about its size, without inflating it all', async () => {
    // 64 MB of zeros deflates to ~64 KB; the headers claim 2 KB.
    const inflated = new Uint8Array(64 * 1024 * 1024);
    inflated.set(new TextEncoder().encode('<?xml version="1.0"?><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>'));
    const raw = new Uint8Array(deflateRawSync(inflated, { level: 9 }));
    const parts = docxPackageParts('').map((p) => (p.name === 'word/document.xml' ? { name: p.name, data: inflated.subarray(0, 2048), declaredSize: 2048, rawDeflated: raw } : p));
    const zip = buildZip(parts);
    expect(zip.length).toBeLessThan(200 * 1024);
    const heapBefore = process.memoryUsage().rss;
    const started = performance.now();
    const err = await failure(zip, 'liar.docx');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().rss - heapBefore).toBeLessThan(48 * 1024 * 1024);
    expect(err.code).toBe('parse_failed');
    expect(err.message).toMatch(/inflates to more than the 2048 bytes/);
  });

  it('refuses an absurd compression ratio even when the sizes are honest', async () => {
    const parts = docxPackageParts('').map((p) =>
      p.name === 'word/document.xml' ? { name: p.name, data: new Uint8Array(8), rawDeflated: new Uint8Array(1000), declaredSize: 150 * 1024 * 1024 } : p,
    );
    const err = await failure(buildZip(parts), 'ratio.docx');
    expect(err.code).toBe('parse_failed');
    expect(err.message).toMatch(/compression ratio of \d+:1/);
  });

  it('refuses a document part with a DTD (entity expansion)', async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>`;
    const err = await failure(buildZip(docxPackageParts(xml)), 'dtd.docx');
    expect(err.code).toBe('parse_failed');
  });

  it('reads the central directory', () => {
    const entries = readZipDirectory(buildDocx(policy));
    expect(entries.map((e) => e.name)).toContain('word/document.xml');
  });

  it('refuses a document with no text as empty', async () => {
    const err = await failure(buildDocx([]), 'blank.docx');
    expect(err.code).toBe('empty');
  });
});
