import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { extractDocument, pickAdapter } from './index';
import { htmlToText } from './html';
import { markdownToText } from './markdown';

const here = path.dirname(fileURLToPath(import.meta.url));
const CA4P = path.resolve(here, '../../../../shared/corpus/ca4p-dev');
const haveCorpus = existsSync(CA4P);
if (!haveCorpus) console.log(`adapters.test: ${CA4P} is absent, skipping the tagtog corpus tests`);

const tmp = mkdtempSync(path.join(tmpdir(), 'pb-adapters-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Writes a fixture to the temp folder and extracts it from disk, as the app would. */
async function extractFile(name: string, content: string | Uint8Array) {
  const file = path.join(tmp, name);
  writeFileSync(file, content);
  return extractDocument(readFileSync(file), file);
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(EngineError);
    return (err as EngineError).code;
  }
  return 'no error';
}

describe('markdown adapter', () => {
  it('drops YAML and TOML front matter and keeps headings as headings', async () => {
    const doc = await extractFile('p.md', '---\nlayout: post\ntitle: Privacy Policy\n---\n\n# 小宇宙隐私政策\n\n本政策适用于**小宇宙**。\n\n## 一、我们如何收集\n\n- 手机号码\n- 设备信息\n1. 第一项\n');
    expect(doc.format).toBe('markdown');
    expect(doc.text).not.toContain('layout');
    expect(doc.text).not.toContain('**');
    expect(doc.text).toContain('本政策适用于小宇宙。');
    const hs = doc.headings!.map((h) => [doc.text.slice(h.start, h.end), h.level]);
    expect(hs).toEqual([['小宇宙隐私政策', 1], ['一、我们如何收集', 2]]);
    expect(doc.text.split('\n')).toEqual(expect.arrayContaining(['- 手机号码', '- 设备信息', '1. 第一项']));
    const toml = markdownToText('+++\ntitle = "x"\n+++\n正文');
    expect(toml.text).toBe('正文');
  });

  it('removes links, images, code marks and table rules but keeps their text', () => {
    const { text, headings } = markdownToText('标题\n===\n见[第三方清单](https://x.cn/a_(b)) ![图](a.png) `SDK`\n\n| 名称 | 目的 |\n|---|---|\n| 极光 | 推送 |\n');
    expect(text).toContain('见第三方清单 图 SDK');
    expect(text).toContain('名称  目的');
    expect(text).toContain('极光  推送');
    expect(text).not.toContain('---');
    expect(headings).toEqual([{ start: 0, end: 2, level: 1 }]);
  });
});

describe('html adapter', () => {
  it('keeps visible body text with block structure and drops script, style, nav, template, svg, header navigation', async () => {
    const html = `<!doctype html><html><head><title>T</title><style>p{color:red}</style></head><body>
      <header class="site-header"><a href="/">首页</a></header>
      <nav><a>菜单</a></nav><script>var secret = "收集";</script><noscript>请启用</noscript>
      <template><p>模板</p></template><svg><text>图标</text></svg>
      <main><h1>示例隐私政策</h1><p>我们会收集 <b>手机号码</b>&nbsp;和&lt;设备信息&gt;。</p>
      <ul><li>第一项</li><li>第二项</li></ul><div hidden>隐藏</div>
      <table><tr><td>SDK</td><td>目的</td></tr></table><p>第一行<br>第二行</p></main>
      <footer class="footer-nav">版权所有</footer></body></html>`;
    const doc = await extractFile('page.html', html);
    expect(doc.format).toBe('html');
    for (const gone of ['首页', '菜单', 'secret', '请启用', '模板', '图标', '隐藏', 'color', '版权所有', 'T\n']) expect(doc.text).not.toContain(gone);
    const lines = doc.text.split('\n');
    expect(lines).toEqual(['示例隐私政策', '我们会收集 手机号码\u00a0和<设备信息>。', '第一项', '第二项', 'SDK 目的', '第一行', '第二行']);
    expect(doc.headings).toEqual([{ start: 0, end: 6, level: 1 }]);
  });

  it('reads a tagtog document as exactly its <pre> text', () => {
    const pre = 'Apkid:com.x.y\n==========\n“美V聊天”隐私政策  \n一、提示条款  \n客服中心：【我的】->【在线客服】  \n';
    const html = `<!DOCTYPE html ><html class="anndoc" data-anndoc-version="3.6"><head><meta charset="UTF-8"/>
      <meta name="generator" content="net.tagtog.anndoc.v3.parsers.general.VerbatimParser_v1_0_1"/><title>x.txt</title></head>
      <body><article><section data-type=""><div class="content"><pre id="s1v1">${pre.replace('->', '-&gt;')}</pre></div></section></article></body></html>`;
    expect(htmlToText(html)).toMatchObject({ text: pre, tagtog: true });
  });

  it.skipIf(!haveCorpus)('reads every ca4p-dev file as its <pre> text', async () => {
    for (const f of readdirSync(CA4P).filter((n) => n.endsWith('.html'))) {
      const bytes = readFileSync(path.join(CA4P, f));
      const raw = bytes.toString('utf8');
      const m = /<pre[^>]*>([\s\S]*?)<\/pre>/.exec(raw)!;
      const expected = m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
      const doc = await extractDocument(bytes, f);
      expect(doc.text, f).toBe(expected);
    }
  });

  it('survives 100,000 levels of nesting', async () => {
    const depth = 100_000;
    const html = `<html><body>${'<div>'.repeat(depth)}深层文本${'</div>'.repeat(depth)}<p>之后</p></body></html>`;
    const doc = await extractFile('deep.html', html);
    expect(doc.text).toBe('深层文本\n之后');
  });

  it('respects a <meta charset> for GBK pages that are not UTF-8', async () => {
    const html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>我们收集您的位置信息。</p></body></html>';
    const doc = await extractFile('gbk.htm', iconv.encode(html, 'gbk'));
    expect(doc.text).toBe('我们收集您的位置信息。');
    expect(doc.encoding).toBe('gb18030');
  });

  it('says no_text for a page without visible text', async () => {
    expect(await code(extractFile('empty.html', '<html><body><script>x()</script></body></html>'))).toBe('no_text');
  });
});

describe('adapter registry', () => {
  it('picks by extension, then by sniffing', () => {
    const html = new TextEncoder().encode('<!DOCTYPE html><html><body><p>x</p></body></html>');
    expect(pickAdapter(html, 'policy').id).toBe('html');
    expect(pickAdapter(html, 'policy.txt').id).toBe('text');
    expect(pickAdapter(new TextEncoder().encode('%PDF-1.7'), 'noext').id).toBe('pdf');
    expect(pickAdapter(new TextEncoder().encode('plain'), 'x.MD').id).toBe('markdown');
  });

  it('throws unsupported_format with advice for formats it cannot read', async () => {
    for (const [name, bytes] of [
      ['p.doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0])],
      ['p.zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0])],
      ['p.rtf', new TextEncoder().encode('{\\rtf1 hello}')],
    ] as const) {
      try {
        await extractFile(name, bytes);
        throw new Error(`expected ${name} to be rejected`);
      } catch (err) {
        expect((err as EngineError).code, name).toBe('unsupported_format');
        expect((err as EngineError).message).toContain(name);
        expect((err as EngineError).message).toMatch(/Save it as text/);
      }
    }
  });

  it('hands PDF and DOCX bytes to their adapters, also behind a wrong extension', async () => {
    const truncatedPdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n');
    for (const name of ['p.pdf', 'p.txt', 'noext']) {
      const c = await code(extractFile(name, truncatedPdf));
      expect(['parse_failed', 'no_text'], name).toContain(c);
    }
    const notADocx = await code(extractFile('p.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0])));
    expect(notADocx).not.toBe('no error');
  });

  it('rejects binary content in a text file and empty files', async () => {
    expect(await code(extractFile('img.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])))).toBe('binary');
    expect(await code(extractFile('empty.txt', ''))).toBe('empty');
    expect(await code(extractDocument(new Uint8Array(21 * 1024 * 1024), 'big.html'))).toBe('too_large');
  });

  it('reads plain text files as themselves', async () => {
    const doc = await extractFile('p.txt', '隐私政策\n第一条');
    expect(doc).toMatchObject({ text: '隐私政策\n第一条', format: 'text', encoding: 'utf-8' });
  });
});

// ---------------------------------------------------------------- saved web pages and MHTML

describe('saved web pages: the policy body in, the page chrome out', async () => {
  const { CHROME_TEXTS, POLICY_PARAS, savedPageMhtml, savedPagePlain, savedPageStructured } = await import('./saved-pages.fixture');
  const { analyzeBytes } = await import('../analyze');
  const { chromeReason, isContentCandidate } = await import('./boilerplate');
  const { decodeQuotedPrintable, headerParam, parseMultipart } = await import('./mhtml');

  const expectPolicyOnly = (text: string) => {
    expect(text.split('\n')[0]).toBe('星河阅读隐私政策');
    for (const p of POLICY_PARAS) expect(text).toContain(p);
    for (const junk of [...CHROME_TEXTS, 'JSON 不应出现', '立即下载', '热门小说二', '写得很清楚']) expect(text, junk).not.toContain(junk);
    expect(text.split('\n').length).toBe(POLICY_PARAS.length + 1);
  };

  it('Chrome "Save page as" with classes and roles: cookie banner, download-App bar, header, menu, breadcrumb, share bar, comments, sidebar, footer, scripts, JSON-LD dropped', async () => {
    const doc = await extractFile('星河阅读隐私政策.html', savedPageStructured());
    expectPolicyOnly(doc.text);
    expect(doc.headings!.map((h) => [doc.text.slice(h.start, h.end), h.level])).toEqual([
      ['星河阅读隐私政策', 1],
      ...POLICY_PARAS.filter((p) => /^[一二三四五]、/.test(p)).map((p) => [p, 2]),
    ]);
  });

  it('a page without helpful classes: the block densest in Chinese text with the fewest links', async () => {
    expectPolicyOnly((await extractFile('plain.htm', savedPagePlain())).text);
  });

  it('.xhtml is read as HTML', async () => {
    const xhtml = `<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><nav>首页</nav><main><h1>星河阅读隐私政策</h1><p>${POLICY_PARAS[1]}</p></main></body></html>`;
    const doc = await extractFile('p.xhtml', xhtml);
    expect(doc.format).toBe('html');
    expect(doc.text).toBe(`星河阅读隐私政策\n${POLICY_PARAS[1]}`);
  });

  it('a policy section about cookies stays; a cookie banner goes', async () => {
    const html = `<body><div class="cookie-notice">本站使用Cookie</div><article><h1>隐私政策</h1><section id="cookies" class="cookie"><h2>Cookie</h2><p>我们使用Cookie记住偏好。</p></section></article></body>`;
    expect(htmlToText(html).text).toBe('隐私政策\nCookie\n我们使用Cookie记住偏好。');
  });

  it('chrome in the wrapper class does not drop a page-sized element, and a header holding the policy title stays', () => {
    const html = `<body><div class="has-sidebar layout"><div class="policy-header"><h1>星河阅读隐私政策</h1></div>${POLICY_PARAS.map((p) => `<p>${p}</p>`).join('')}</div></body>`;
    expect(htmlToText(html).text.split('\n')).toEqual(['星河阅读隐私政策', ...POLICY_PARAS]);
  });

  it('classifies chrome and content attributes', () => {
    expect(chromeReason('div', { class: 'cookieConsent-bar' }, false)).toBeDefined();
    expect(chromeReason('div', { id: 'cookies' }, false)).toBeUndefined();
    expect(chromeReason('div', { class: 'download-app' }, false)).toBe('download');
    expect(chromeReason('div', { 'aria-label': '分享到' }, false)).toBeDefined();
    expect(chromeReason('div', { role: 'contentinfo' }, false)).toBe('role=contentinfo');
    expect(chromeReason('header', {}, true)).toBeUndefined();
    expect(chromeReason('header', {}, false)).toBe('<header>');
    expect(chromeReason('div', { class: 'research privacy-text' }, false)).toBeUndefined();
    expect(isContentCandidate('div', { class: 'agreement-body' })).toBe(true);
    expect(isContentCandidate('div', { class: 'wrapper' })).toBe(false);
  });

  it('analyzeBytes on the saved page: the title leads the text, no clause from the chrome, both page shapes agree', async () => {
    const a = await analyzeBytes(new TextEncoder().encode(savedPageStructured()), 'privacy.html');
    expect(a.text.startsWith('星河阅读隐私政策\n')).toBe(true);
    for (const c of a.clauses) for (const junk of CHROME_TEXTS) expect(c.text).not.toContain(junk);
    expect(a.attributes).toEqual((await analyzeBytes(new TextEncoder().encode(savedPagePlain()), 'privacy.html')).attributes);
  });

  it('MHTML (Chrome "single file"): the quoted-printable text/html part, chrome dropped', async () => {
    const doc = await extractFile('privacy.mhtml', savedPageMhtml(savedPageStructured()));
    expect(doc.format).toBe('mhtml');
    expect(doc.encoding).toBe('utf-8');
    expectPolicyOnly(doc.text);
  });

  it('MHTML with a GBK part (charset=gb2312), a base64 part, .mht, and no extension (sniffed)', async () => {
    const gbk = savedPageMhtml(savedPageStructured().replace('charset=UTF-8', 'charset=gb2312'), 'gb2312', (s) => new Uint8Array(iconv.encode(s, 'gbk')));
    const d1 = await extractFile('gbk.mht', gbk);
    expect(d1.encoding).toBe('gb18030');
    expectPolicyOnly(d1.text);
    const b64 = new TextEncoder().encode(
      'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=XYZ\r\n\r\n--XYZ\r\nContent-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
        Buffer.from(savedPagePlain()).toString('base64').replace(/.{76}/g, '$&\r\n') +
        '\r\n--XYZ--\r\n',
    );
    expectPolicyOnly((await extractFile('saved', b64)).text);
    expect(pickAdapter(b64, 'saved').id).toBe('mhtml');
  });

  it('MIME pieces: header parameters, folded headers, quoted-printable soft breaks', () => {
    expect(headerParam('multipart/related;\ttype="text/html"; boundary="----A;B--"', 'boundary')).toBe('----A;B--');
    expect(headerParam('text/html; charset=GBK', 'charset')).toBe('GBK');
    expect(new TextDecoder().decode(decodeQuotedPrintable('=E9=9A=90=E7=A7=81=\r\n=E6=94=BF=E7=AD=96 a=3Db =ZZ'))).toBe('隐私政策 a=b =ZZ');
    const { parts } = parseMultipart(new TextEncoder().encode('Content-Type: multipart/related;\r\n boundary="b"\r\n\r\npreamble\r\n--b\r\nContent-Type: text/plain\r\n\r\none\r\n--b\r\nContent-Type: text/html\r\n\r\ntwo\r\n--b--\r\n'));
    expect(parts.map((p) => [p.headers['content-type'], new TextDecoder().decode(p.body)])).toEqual([['text/plain', 'one'], ['text/html', 'two']]);
  });
});
