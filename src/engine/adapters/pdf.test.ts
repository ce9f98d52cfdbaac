import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { extractPdf, isSimplifiedChinese, itemsToLines, pdfAdapter, repairGlyphMappings, sniffPdf, unifyRadicals } from './pdf';
import { chromiumUnavailable, handPdf, printHtmlToPdf, qpdfEncrypt } from './fixtures-gen';

async function failure(bytes: Uint8Array, fileName: string): Promise<EngineError> {
  try {
    await extractPdf({ bytes, fileName });
  } catch (err) {
    expect(err).toBeInstanceOf(EngineError);
    return err as EngineError;
  }
  throw new Error(`expected ${fileName} to be refused`);
}

const twoPages = () =>
  handPdf([
    {
      kind: 'text',
      // Drawn out of order on purpose: the second line first, the right-hand word before the left.
      items: [
        { x: 72, y: 700, text: 'Second line of page one.' },
        { x: 200, y: 740, text: 'world' },
        { x: 72, y: 740, text: 'Hello' },
      ],
    },
    { kind: 'text', items: [{ x: 72, y: 760, text: 'Page two starts here.' }, { x: 72, y: 100, text: 'Footer 2' }] },
  ]);

describe('pdf adapter', () => {
  it('is registered as pdf and sniffs %PDF-', () => {
    expect(pdfAdapter.id).toBe('pdf');
    expect(pdfAdapter.extensions).toContain('pdf');
    expect(sniffPdf(new TextEncoder().encode('%PDF-1.7\n'))).toBe(true);
    expect(sniffPdf(new TextEncoder().encode('PK\u0003\u0004'))).toBe(false);
    expect(pdfAdapter.sniff?.(twoPages())).toBe(true);
  });

  it('reads lines top to bottom, items left to right, with a blank line between pages', async () => {
    const doc = await extractPdf({ bytes: twoPages(), fileName: '/tmp/x/policy.pdf' });
    expect(doc.format).toBe('pdf');
    expect(doc.encoding).toBe('binary-container');
    expect(doc.text).toBe('Hello world\nSecond line of page one.\n\nPage two starts here.\nFooter 2');
    expect(doc.locate?.(0)).toEqual({ page: 1 });
    expect(doc.locate?.(doc.text.indexOf('Second'))).toEqual({ page: 1 });
    expect(doc.locate?.(doc.text.indexOf('Page two'))).toEqual({ page: 2 });
    expect(doc.locate?.(doc.text.length - 1)).toEqual({ page: 2 });
    expect(doc.locate?.(-1)).toBeUndefined();
  });

  it('does not detach or change the caller’s bytes', async () => {
    const bytes = twoPages();
    const copy = bytes.slice();
    await extractPdf({ bytes, fileName: 'p.pdf' });
    expect(bytes.byteLength).toBe(copy.byteLength);
    expect(Buffer.from(bytes).equals(Buffer.from(copy))).toBe(true);
  });

  it('groups items into lines by baseline and keeps CJK runs together', () => {
    const lines = itemsToLines([
      { str: '隐私', x: 10, y: 100, width: 24, height: 12 },
      { str: '政策', x: 34, y: 100.4, width: 24, height: 12 },
      { str: 'App', x: 70, y: 100, width: 20, height: 12 },
      { str: '第二行', x: 10, y: 80, width: 36, height: 12 },
    ]);
    expect(lines).toEqual(['隐私政策 App', '第二行']);
  });

  it('maps radical code points that CJK fonts share with ideographs back to the ideographs', () => {
    const raw = '使\u2f64您的\u2f08\u2f00信息，设置\u2eda\u2faf，\u2f06百件';
    const fixed = unifyRadicals(raw);
    expect(fixed).toBe('使用您的人一信息，设置页面，二百件');
    expect(fixed.length).toBe(raw.length);
  });

  it('repairs glyphs shared between 户 and 戶 only in simplified text, and shaped dashes', () => {
    expect(isSimplifiedChinese('我们会保护您的个人信息')).toBe(true);
    expect(isSimplifiedChinese('我們會保護您的個人資訊')).toBe(false);
    expect(repairGlyphMappings('用戶帳戶⸺見\u2329附件\u232a', true)).toBe('用户帳户——見〈附件〉');
    expect(repairGlyphMappings('用戶', false)).toBe('用戶');
  });

  it('refuses a PDF with only an image (a scan) as no_text', async () => {
    const err = await failure(handPdf([{ kind: 'image' }, { kind: 'image' }]), '/in/scan.pdf');
    expect(err.code).toBe('no_text');
    expect(err.file).toBe('/in/scan.pdf');
    expect(err.message).toContain('scan.pdf has no text layer');
    expect(err.message).toContain('OCR');
  });

  it('refuses a truncated PDF as parse_failed', async () => {
    const full = twoPages();
    const err = await failure(full.slice(0, Math.floor(full.length * 0.6)), 'cut.pdf');
    expect(err.code).toBe('parse_failed');
    expect(err.message).toMatch(/cut\.pdf is incomplete.*again/);
  });

  it('refuses a PDF whose body is garbage as parse_failed', async () => {
    const junk = new Uint8Array(4000).map((_, i) => (i * 7919) & 0xff);
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), junk, Buffer.from('\n%%EOF\n')]);
    const err = await failure(new Uint8Array(bytes), 'junk.pdf');
    expect(err.code).toBe('parse_failed');
    expect(err.message).toContain('junk.pdf');
  });

  it('refuses a password-protected PDF as encrypted (Standard security handler)', async () => {
    const err = await failure(handPdf([{ kind: 'text', items: [{ x: 72, y: 700, text: 'secret' }] }], { encryptWithUnknownPassword: true }), 'locked.pdf');
    expect(err.code).toBe('encrypted');
    expect(err.message).toContain('locked.pdf is password-protected');
  });

  it('refuses a PDF encrypted by qpdf (AES-256) as encrypted', async (ctx) => {
    const locked = qpdfEncrypt(twoPages());
    if (!locked) {
      console.log('skipped: qpdf is not installed (apt-get install -y qpdf)');
      ctx.skip();
      return;
    }
    const err = await failure(locked, 'aes.pdf');
    expect(err.code).toBe('encrypted');
  });
});

describe('pdf adapter with a Chromium-printed CJK policy', () => {
  const sentences = {
    p1a: '我们会遵循正当、合法、必要的原则收集和使用您的个人信息。',
    p1b: '为向您提供服务，我们需要收集您的手机号码、账户和设备信息——包括型号。',
    p2a: '我们不会向第三方出售您的个人信息。',
    p2b: '您可以通过设置页面注销账号，我们将在十五个工作日内处理。',
    p3a: '如您对本政策有任何疑问，请联系我们的个人信息保护负责人。',
  };
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
    body { font-family: 'Noto Sans CJK SC', 'Noto Serif CJK SC', sans-serif; font-size: 14px; }
    .page { break-after: page; }
  </style></head><body>
    <div class="page"><h1>隐私政策</h1><p>${sentences.p1a}</p><p>${sentences.p1b}</p></div>
    <div class="page"><h2>一、信息共享</h2><p>${sentences.p2a}</p><p>${sentences.p2b}</p></div>
    <div><h2>二、联系我们</h2><p>${sentences.p3a}</p></div>
  </body></html>`;

  it('extracts the Chinese text in order and maps offsets to pages', async (ctx) => {
    const why = chromiumUnavailable();
    if (why) {
      console.log(`skipped: ${why}`);
      ctx.skip();
      return;
    }
    const bytes = await printHtmlToPdf(html);
    const doc = await extractPdf({ bytes, fileName: 'cjk.pdf' });
    const order = [sentences.p1a, sentences.p1b, sentences.p2a, sentences.p2b, sentences.p3a].map((s) => doc.text.indexOf(s));
    expect(order.every((i) => i >= 0), doc.text).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(doc.text).toContain('隐私政策');
    expect(doc.text).toContain('一、信息共享');
    expect(doc.locate?.(order[0]!)).toEqual({ page: 1 });
    expect(doc.locate?.(order[2]!)).toEqual({ page: 2 });
    expect(doc.locate?.(order[3]!)).toEqual({ page: 2 });
    expect(doc.locate?.(order[4]!)).toEqual({ page: 3 });
    expect(doc.text).toMatch(/。\n\n一、信息共享/);

    const cut = await failure(bytes.slice(0, Math.floor(bytes.length / 2)), 'cjk-cut.pdf');
    expect(cut.code).toBe('parse_failed');
  });

  it('refuses a Chromium-printed page that holds only a picture of text', async (ctx) => {
    const why = chromiumUnavailable();
    if (why) {
      console.log(`skipped: ${why}`);
      ctx.skip();
      return;
    }
    // Draw Chinese text on a canvas and print only the bitmap: what a scanner produces.
    const scanHtml = `<!doctype html><html><body><img id="scan" width="600" height="200"><script>
      const c = document.createElement('canvas'); c.width = 600; c.height = 200;
      const g = c.getContext('2d'); g.fillStyle = '#fff'; g.fillRect(0, 0, 600, 200);
      g.fillStyle = '#000'; g.font = '28px "Noto Sans CJK SC", sans-serif'; g.fillText('${sentences.p2a}', 10, 100);
      document.getElementById('scan').src = c.toDataURL('image/png');
    </script></body></html>`;
    const bytes = await printHtmlToPdf(scanHtml);
    const err = await failure(bytes, 'scanned.pdf');
    expect(err.code).toBe('no_text');
  });
});
