// HTML: the visible text of the body, one line per block, without scripts, styles or navigation.
// Streams htmlparser2's tokenizer into a flat element stack of our own (no DOM, no recursion): absurdly deep
// nesting can neither overflow the call stack nor go quadratic (htmlparser2's Parser keeps its stack with
// Array#unshift, which took 6.5 s for 100,000 nested <div>s).
import iconv from 'iconv-lite';
import { Tokenizer } from 'htmlparser2';
import type { ExtractedDocument, FormatAdapter } from '../document';
import { EngineError } from '../errors';
import { decodeText, displayName } from '../decode';

/** Elements whose whole subtree is never visible text. */
const DROP = new Set([
  'head', 'script', 'style', 'noscript', 'nav', 'template', 'svg', 'math', 'iframe', 'object', 'embed',
  'canvas', 'select', 'datalist', 'button', 'audio', 'video', 'map', 'dialog',
]);

/** Elements that start and end a line. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'html', 'legend', 'li', 'main', 'menu', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'tfoot', 'thead',
  'tr', 'ul', 'option', 'optgroup', 'body',
]);
const CELL = new Set(['td', 'th']);
const HEADING_LEVEL: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

const ASCII = new TextDecoder('latin1');

/** The charset an HTML file declares in its first bytes (<meta charset> or http-equiv), if any. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = ASCII.decode(bytes.subarray(0, 4096));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head);
  if (!m) return undefined;
  const cs = m[1]!.toLowerCase();
  if (cs === 'gb2312' || cs === 'gbk' || cs === 'x-gbk' || cs === 'gb_2312-80' || cs === 'cp936') return 'gb18030';
  return cs;
}

function decodeHtmlBytes(bytes: Uint8Array, fileName: string): { text: string; encoding: string } {
  // decodeText rejects binary/empty input and settles BOMs and valid UTF-8; only for other bytes does <meta> decide.
  const decoded = decodeText(bytes, fileName);
  if (decoded.encoding === 'utf-8' || decoded.encoding.startsWith('utf-')) return decoded;
  const cs = declaredCharset(bytes);
  if (cs && cs !== 'utf-8' && cs !== 'utf8' && iconv.encodingExists(cs)) {
    return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), cs, { stripBOM: true }), encoding: cs };
  }
  return decoded;
}

/** Accumulates visible text, collapsing whitespace outside <pre> and turning block edges into line breaks. */
class TextBuilder {
  private parts: string[] = [];
  length = 0;
  private lastChar = '\n';
  private pendingSpace = false;
  private pendingBreak = false;

  private push(s: string): void {
    if (!s) return;
    this.parts.push(s);
    this.length += s.length;
    this.lastChar = s[s.length - 1]!;
  }

  breakLine(): void {
    if (this.length > 0) this.pendingBreak = true;
    this.pendingSpace = false;
  }

  separate(): void {
    if (this.length > 0 && this.lastChar !== '\n' && !this.pendingBreak) this.pendingSpace = true;
  }

  private flush(): void {
    if (this.pendingBreak) {
      if (this.lastChar !== '\n') this.push('\n');
      this.pendingBreak = false;
      this.pendingSpace = false;
    } else if (this.pendingSpace) {
      if (this.lastChar !== '\n' && this.lastChar !== ' ') this.push(' ');
      this.pendingSpace = false;
    }
  }

  /** Text outside <pre>: runs of ASCII whitespace collapse to one space. */
  text(data: string): void {
    const collapsed = data.replace(/[ \t\n\r\f]+/g, ' ');
    if (collapsed === ' ' || collapsed === '') {
      if (collapsed === ' ') this.separate();
      return;
    }
    const lead = collapsed.startsWith(' ');
    const trail = collapsed.endsWith(' ');
    const core = collapsed.slice(lead ? 1 : 0, trail ? collapsed.length - 1 : collapsed.length);
    if (lead) this.separate();
    this.flush();
    this.push(core);
    if (trail) this.pendingSpace = true;
  }

  /** Preformatted text, kept verbatim. */
  raw(data: string): void {
    if (!data) return;
    this.flush();
    this.push(data.replace(/\r\n?/g, '\n'));
  }

  /** The start offset the next pushed visible character will have (after pending separators). */
  nextOffset(): number {
    return this.length + (this.pendingBreak && this.lastChar !== '\n' ? 1 : 0);
  }

  toString(): string {
    return this.parts.join('');
  }
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'basefont', 'frame', 'isindex']);
/** Opening one of these closes an open element of the listed names at the top of the stack (HTML's implied end tags). */
const CLOSES: Record<string, string[]> = {
  p: ['p'], li: ['li'], dt: ['dt', 'dd'], dd: ['dt', 'dd'], tr: ['tr', 'td', 'th'], td: ['td', 'th'], th: ['td', 'th'],
  option: ['option'], optgroup: ['optgroup', 'option'], tbody: ['tbody', 'thead', 'tr', 'td', 'th'], thead: ['tbody', 'tr', 'td', 'th'],
  tfoot: ['tbody', 'thead', 'tr', 'td', 'th'],
};
const CLOSES_P = new Set(['address', 'article', 'aside', 'blockquote', 'div', 'dl', 'fieldset', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul']);
/** How far down the stack a close tag looks for its element; stray close tags deeper than this are ignored. */
const CLOSE_SEARCH = 512;

interface WalkHandler {
  open(name: string, attribs: Record<string, string>, depth: number): void;
  /** depth is the stack length including the element being closed. */
  close(name: string, depth: number): void;
  text(data: string): void;
}

/** Tokenizes HTML and reports balanced open/close events with implied end tags. Iterative, linear time. */
function walkHtml(html: string, h: WalkHandler): void {
  const stack: string[] = [];
  let tagName = '';
  let attribs: Record<string, string> = {};
  let attrName = '';
  let attrValue = '';
  const popTo = (index: number): void => {
    while (stack.length > index) {
      const name = stack[stack.length - 1]!;
      h.close(name, stack.length);
      stack.pop();
    }
  };
  const openTag = (): void => {
    const name = tagName;
    const implied = CLOSES[name];
    if (implied) while (stack.length && implied.includes(stack[stack.length - 1]!)) popTo(stack.length - 1);
    if (CLOSES_P.has(name) && stack[stack.length - 1] === 'p') popTo(stack.length - 1);
    stack.push(name);
    h.open(name, attribs, stack.length);
    if (VOID.has(name)) popTo(stack.length - 1);
    attribs = {};
  };
  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      onattribdata(start, end) { attrValue += html.slice(start, end); },
      onattribentity(cp) { attrValue += String.fromCodePoint(cp); },
      onattribend() {
        if (!(attrName in attribs)) attribs[attrName] = attrValue;
        attrName = '';
        attrValue = '';
      },
      onattribname(start, end) {
        attrName = html.slice(start, end).toLowerCase();
        attrValue = '';
      },
      oncdata(start, end) { h.text(html.slice(start, end)); },
      onclosetag(start, end) {
        const name = html.slice(start, end).toLowerCase();
        if (name === 'br') {
          // </br> acts as <br> in browsers.
          tagName = 'br';
          openTag();
          return;
        }
        const floor = Math.max(0, stack.length - CLOSE_SEARCH);
        for (let i = stack.length - 1; i >= floor; i--) {
          if (stack[i] === name) {
            popTo(i);
            return;
          }
        }
      },
      oncomment() {},
      ondeclaration() {},
      onend() { popTo(0); },
      onopentagend() { openTag(); },
      onopentagname(start, end) {
        tagName = html.slice(start, end).toLowerCase();
        attribs = {};
      },
      onprocessinginstruction() {},
      onselfclosingtag() { openTag(); },
      ontext(start, end) { h.text(html.slice(start, end)); },
      ontextentity(cp) { h.text(String.fromCodePoint(cp)); },
    },
  );
  tokenizer.write(html);
  tokenizer.end();
}

export interface HtmlExtraction {
  text: string;
  headings: { start: number; end: number; level: number }[];
  /** True when the file is a tagtog annotation document and `text` is its <pre>. */
  tagtog: boolean;
}

/** Visible text of an HTML string. */
export function htmlToText(html: string): HtmlExtraction {
  const out = new TextBuilder();
  const headings: { start: number; end: number; level: number }[] = [];
  let dropDepth = -1; // stack length at which a dropped subtree started, -1 when not dropping
  let preDepth = 0;
  let tagtog = false;
  const preParts: string[] = [];
  let inTagtogPre = false;
  let articleDepth = 0;
  let openHeading: { start: number; level: number; depth: number } | undefined;

  walkHtml(html, {
      open(name, attribs, depth) {
        if (name === 'html' && /\banndoc\b/.test(attribs.class ?? '')) tagtog = true;
        if (name === 'meta' && /tagtog/i.test(attribs.content ?? '') && attribs.name === 'generator') tagtog = true;
        if (dropDepth >= 0) return;
        const hidden =
          attribs.hidden !== undefined ||
          attribs['aria-hidden'] === 'true' ||
          /display\s*:\s*none|visibility\s*:\s*hidden/i.test(attribs.style ?? '') ||
          attribs.role === 'navigation';
        const chrome = (name === 'header' || name === 'footer') && articleDepth === 0 && /nav|menu|site|global|top|bottom/i.test(`${attribs.class ?? ''} ${attribs.id ?? ''}`);
        if (DROP.has(name) || hidden || chrome) {
          dropDepth = depth;
          return;
        }
        if (name === 'article' || name === 'main') articleDepth++;
        if (name === 'pre') {
          preDepth++;
          if (tagtog && preParts.length === 0) inTagtogPre = true;
        }
        if (BLOCK.has(name)) out.breakLine();
        else if (CELL.has(name)) out.separate();
        else if (name === 'br') out.raw('\n');
        const level = HEADING_LEVEL[name];
        if (level && !openHeading) openHeading = { start: out.nextOffset(), level, depth };
      },
      text(data) {
        if (dropDepth >= 0) return;
        if (inTagtogPre) preParts.push(data);
        if (preDepth > 0) out.raw(data);
        else out.text(data);
      },
      close(name, depth) {
        if (dropDepth >= 0) {
          if (depth === dropDepth) dropDepth = -1;
          return;
        }
        if (name === 'article' || name === 'main') articleDepth = Math.max(0, articleDepth - 1);
        if (name === 'pre') {
          preDepth = Math.max(0, preDepth - 1);
          if (preDepth === 0) inTagtogPre = false;
        }
        if (openHeading && depth === openHeading.depth) {
          const end = out.length;
          if (end > openHeading.start) headings.push({ start: openHeading.start, end, level: openHeading.level });
          openHeading = undefined;
        }
        if (BLOCK.has(name)) out.breakLine();
        else if (CELL.has(name)) out.separate();
      },
  });

  if (tagtog && preParts.length > 0) {
    return { text: preParts.join('').replace(/\r\n?/g, '\n'), headings: [], tagtog: true };
  }
  const text = out.toString();
  return { text, headings: trimHeadings(text, headings), tagtog: false };
}

function trimHeadings(text: string, hs: { start: number; end: number; level: number }[]): { start: number; end: number; level: number }[] {
  const result: { start: number; end: number; level: number }[] = [];
  for (const h of hs) {
    let { start, end } = h;
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end > start) result.push({ start, end, level: h.level });
  }
  return result;
}

const HTML_SNIFF = /^\s*(<!--[\s\S]*?-->\s*)*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i;

export const htmlAdapter: FormatAdapter = {
  id: 'html',
  extensions: ['html', 'htm', 'xhtml', 'shtml'],
  sniff(bytes) {
    return HTML_SNIFF.test(ASCII.decode(bytes.subarray(0, 2048)).replace(/^\uFEFF|^ï»¿/, ''));
  },
  async extract({ bytes, fileName }): Promise<ExtractedDocument> {
    const { text: html, encoding } = decodeHtmlBytes(bytes, fileName);
    const { text, headings } = htmlToText(html);
    if (!text.trim()) {
      throw new EngineError('no_text', fileName, `${displayName(fileName)} has no visible text in its HTML body. Check that this is the policy page, or save the page as text.`);
    }
    return { text, format: 'html', encoding, headings };
  },
};
