// Test fixtures for the PDF and DOCX adapters, generated on the fly: hand-built PDFs, PDFs printed by
// headless Chromium, qpdf-encrypted PDFs, and DOCX/zip files (including hostile ones) built byte by byte.
// Used by the tests only; nothing here ships in the engine's runtime path.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

const enc = new TextEncoder();
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---------------------------------------------------------------- PDF by hand

/** One page: text lines drawn with Helvetica at given positions, or an image only. */
export type HandPage =
  | { kind: 'text'; items: { x: number; y: number; text: string; size?: number }[] }
  | { kind: 'image' };

const pdfString = (s: string) => '(' + s.replace(/[\\()]/g, (c) => '\\' + c) + ')';

/**
 * A small valid PDF with a cross-reference table. `encryptWithUnknownPassword` adds a Standard security
 * handler whose user password is not empty, so a reader must ask for a password.
 */
export function handPdf(pages: HandPage[], opts: { encryptWithUnknownPassword?: boolean } = {}): Uint8Array {
  const objects: (string | Uint8Array)[] = []; // objects[i] is object number i+1
  const add = (body: string | Uint8Array): number => objects.push(body);
  const catalog = add('');
  const pagesObj = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  for (const page of pages) {
    let content: string;
    let resources: string;
    if (page.kind === 'text') {
      content = page.items
        .map((it) => `BT /F1 ${it.size ?? 12} Tf ${it.x} ${it.y} Td ${pdfString(it.text)} Tj ET`)
        .join('\n');
      resources = `<< /Font << /F1 ${font} 0 R >> >>`;
    } else {
      const w = 16;
      const h = 16;
      const pixels = new Uint8Array(w * h).map((_, i) => ((i * 37) % 251) & 0xff);
      const image = add(concat([latin1(`<< /Type /XObject /Subtype /Image /Width ${w} /Height ${h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${pixels.length} >>\nstream\n`), pixels, latin1('\nendstream')]));
      content = 'q 450 0 0 650 70 80 cm /Im1 Do Q';
      resources = `<< /XObject << /Im1 ${image} 0 R >> >>`;
    }
    const stream = add(`<< /Length ${latin1(content).length} >>\nstream\n${content}\nendstream`);
    kids.push(add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 595 842] /Resources ${resources} /Contents ${stream} 0 R >>`));
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let encryptRef = '';
  const id = '<0123456789abcdef0123456789abcdef>';
  if (opts.encryptWithUnknownPassword) {
    const hex = (seed: number) => Array.from({ length: 32 }, (_, i) => (((i + 1) * seed) & 0xff).toString(16).padStart(2, '0')).join('');
    const enc = add(`<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${hex(71)}> /U <${hex(113)}> >>`);
    encryptRef = ` /Encrypt ${enc} 0 R`;
  }
  const parts: Uint8Array[] = [latin1('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')];
  let at = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(at);
    const bytes = concat([latin1(`${i + 1} 0 obj\n`), typeof body === 'string' ? latin1(body) : body, latin1('\nendobj\n')]);
    parts.push(bytes);
    at += bytes.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(latin1(`${xref}trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /ID [${id} ${id}]${encryptRef} >>\nstartxref\n${at}\n%%EOF\n`));
  return concat(parts);
}

// ---------------------------------------------------------------- PDF by Chromium

export const CHROMIUM_PATH = process.env.PB_CHROMIUM ?? '/usr/bin/chromium';

/** Why Chromium-printed fixtures cannot be made here, or undefined when they can. */
export function chromiumUnavailable(): string | undefined {
  if (!existsSync(CHROMIUM_PATH)) return `no Chromium at ${CHROMIUM_PATH} (set PB_CHROMIUM to a Chromium binary)`;
  return undefined;
}

/** Print HTML to PDF (A4) with headless Chromium via playwright-core. */
export async function printHtmlToPdf(html: string): Promise<Uint8Array> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: false, margin: { top: '20mm', bottom: '20mm', left: '20mm', right: '20mm' } });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}

/** Encrypt a PDF with qpdf (user password required), or undefined when qpdf is not installed. */
export function qpdfEncrypt(pdf: Uint8Array, userPassword = 'secret'): Uint8Array | undefined {
  const probe = spawnSync('qpdf', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'pb-qpdf-'));
  try {
    const input = join(dir, 'in.pdf');
    const output = join(dir, 'out.pdf');
    writeFileSync(input, pdf);
    const r = spawnSync('qpdf', ['--encrypt', userPassword, 'owner-' + userPassword, '256', '--', input, output], { encoding: 'utf8' });
    if (r.status !== 0 && r.status !== 3) throw new Error(`qpdf failed: ${r.stderr}`);
    return new Uint8Array(readFileSync(output));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- ZIP / DOCX

export interface ZipEntryInput {
  name: string;
  data: Uint8Array | string;
  /** 0 = stored, 8 = deflated (default). */
  method?: 0 | 8;
  /** Lie about the uncompressed size in the headers (for zip-bomb tests). */
  declaredSize?: number;
  /** Use these compressed bytes instead of compressing `data` (with method 8). */
  rawDeflated?: Uint8Array;
}

/** Build a zip archive (no ZIP64, no data descriptors). */
export function buildZip(entries: ZipEntryInput[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const data = typeof e.data === 'string' ? enc.encode(e.data) : e.data;
    const method = e.method ?? 8;
    const body = e.rawDeflated ?? (method === 8 ? new Uint8Array(deflateRawSync(data)) : data);
    const crc = crc32(data) >>> 0;
    const size = e.declaredSize ?? data.length;
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true); // UTF-8 names
    lv.setUint16(8, method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, size >>> 0, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, size >>> 0, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, body);
    centrals.push(central);
    offset += local.length + body.length;
  }
  const cd = concat(centrals);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cd.length, true);
  ev.setUint32(16, offset, true);
  return concat([...locals, cd, eocd]);
}

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A paragraph of the generated document. */
export interface DocxParagraph {
  text: string;
  /** Paragraph style id (the test styles define Heading1, Heading2 and Title). */
  style?: string;
  /** Word auto-numbering: numId (1 = "一、/（一）", 2 = "1./1.1") and level. */
  num?: { id: number; level: number };
}

const DOCX_STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="${W_NS}">
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="MyClause"><w:name w:val="我的条款"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
</w:styles>`;

const DOCX_NUMBERING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="${W_NS}">
  <w:abstractNum w:abstractNumId="10">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="20">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="30">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="30"/></w:num>
</w:numbering>`;

/** document.xml for the given paragraphs (each paragraph split into two runs to exercise run joining). */
export function docxDocumentXml(paragraphs: DocxParagraph[], extraBodyXml = ''): string {
  const body = paragraphs
    .map((p) => {
      const ppr = [p.style ? `<w:pStyle w:val="${p.style}"/>` : '', p.num ? `<w:numPr><w:ilvl w:val="${p.num.level}"/><w:numId w:val="${p.num.id}"/></w:numPr>` : ''].join('');
      const cut = Math.ceil(p.text.length / 2);
      const runs = [p.text.slice(0, cut), p.text.slice(cut)].filter(Boolean).map((t) => `<w:r><w:t xml:space="preserve">${xmlEscape(t)}</w:t></w:r>`).join('');
      return `<w:p>${ppr ? `<w:pPr>${ppr}</w:pPr>` : ''}${runs}</w:p>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="${W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>
${body}
${extraBodyXml}
<w:sectPr/></w:body></w:document>`;
}

/** The other parts of a minimal Word package. */
export function docxPackageParts(documentXml: string): ZipEntryInput[] {
  return [
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    },
    { name: 'word/document.xml', data: documentXml },
    { name: 'word/styles.xml', data: DOCX_STYLES },
    { name: 'word/numbering.xml', data: DOCX_NUMBERING },
  ];
}

export function buildDocx(paragraphs: DocxParagraph[], extraBodyXml = ''): Uint8Array {
  return buildZip(docxPackageParts(docxDocumentXml(paragraphs, extraBodyXml)));
}

/**
 * The start of an encrypted Office file: an OLE compound file (CFB) whose directory holds the
 * EncryptionInfo and EncryptedPackage streams, as Word writes when a document has a password.
 */
export function encryptedOfficeFile(): Uint8Array {
  const header = new Uint8Array(512);
  header.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  const hv = new DataView(header.buffer);
  hv.setUint16(0x18, 0x3e, true); // minor version
  hv.setUint16(0x1a, 3, true); // major version 3 (512-byte sectors)
  hv.setUint16(0x1c, 0xfffe, true); // little-endian
  hv.setUint16(0x1e, 9, true); // sector shift
  hv.setUint16(0x20, 6, true); // mini sector shift
  hv.setUint32(0x2c, 1, true); // one FAT sector
  hv.setUint32(0x30, 1, true); // directory starts at sector 1
  hv.setUint32(0x38, 4096, true);
  hv.setUint32(0x3c, 0xfffffffe, true);
  hv.setUint32(0x44, 0xfffffffe, true);
  for (let i = 0x4c; i < 512; i += 4) hv.setUint32(i, 0xffffffff, true);
  hv.setUint32(0x4c, 0, true); // FAT at sector 0
  const fat = new Uint8Array(512).fill(0xff);
  const fv = new DataView(fat.buffer);
  fv.setUint32(0, 0xfffffffd, true);
  fv.setUint32(4, 0xfffffffe, true);
  fv.setUint32(8, 0xfffffffe, true);
  const dir = new Uint8Array(512);
  const entry = (i: number, name: string, type: number, size: number) => {
    const base = i * 128;
    for (let k = 0; k < name.length; k++) {
      dir[base + 2 * k] = name.charCodeAt(k);
      dir[base + 2 * k + 1] = 0;
    }
    const dv = new DataView(dir.buffer);
    dv.setUint16(base + 0x40, (name.length + 1) * 2, true);
    dir[base + 0x42] = type;
    dv.setUint32(base + 0x44, 0xffffffff, true);
    dv.setUint32(base + 0x48, 0xffffffff, true);
    dv.setUint32(base + 0x4c, 0xffffffff, true);
    dv.setUint32(base + 0x74, 2, true);
    dv.setUint32(base + 0x78, size, true);
  };
  entry(0, 'Root Entry', 5, 0);
  entry(1, 'EncryptionInfo', 2, 200);
  entry(2, 'EncryptedPackage', 2, 5000);
  const payload = new Uint8Array(512).map((_, i) => (i * 131) & 0xff);
  return concat([header, fat, dir, payload]);
}
