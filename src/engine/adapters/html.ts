// HTML: the visible text of the body, one line per block, without scripts, styles or navigation.
// Streams htmlparser2's tokenizer into a flat element stack of our own (no DOM, no recursion): absurdly deep
// nesting can neither overflow the call stack nor go quadratic (htmlparser2's Parser keeps its stack with
// Array#unshift, which took 6.5 s for 100,000 nested <div>s).
import iconv from 'iconv-lite';
import { Tokenizer } from 'htmlparser2';
import type { ExtractedDocument, FormatAdapter } from '../document';
import { EngineError } from '../errors';
import { decodeText, displayName } from '../decode';
import { POLICY_HEADING, chromeReason, isContentCandidate, textWeight } from './boilerplate';

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

/** One element of the page as pass 1 records it (a flat table: parents come before their children). */
interface El {
  name: string;
  parent: number;
  depth: number;
  openEv: number;
  closeEv: number;
  /** Why the element is page chrome, if it looks like it. */
  chrome?: string;
  candidate: boolean;
  heading: number;
  /** Text weight: own text only during pass 1, the subtree's after aggregation. */
  weight: number;
  linkWeight: number;
  links: number;
  /** Holds an h1-h3 that titles a privacy policy. */
  policyHeading: boolean;
  snippet: string;
}

const EV_OPEN = 0;
const EV_CLOSE = 1;
const EV_TEXT = 2;

/**
 * Visible text of an HTML string. For a page saved from a browser, the policy body is found and the chrome around
 * it (navigation, cookie banners, share bars, related links, download-the-app banners …) dropped:
 *  1. pass 1 records elements and text in a flat table (no recursion, so 100,000 nested elements are fine);
 *  2. text weights are summed bottom-up; elements whose tag, role, id, class or aria-label says chrome are dropped
 *     unless they hold a policy title or 40 % of the page's text; link lists (≥ 3 links, > 70 % link text, < 10 % of
 *     the page) are dropped;
 *  3. the body is the <main>/<article>/role=main/"content|article|policy|privacy|agreement…" element holding the most
 *     text, if it holds at least half of it; otherwise the deepest element holding 70 % of the non-link text;
 *  4. its text is written out one line per block, with the page's <h1> titles before it kept.
 */
export function htmlToText(html: string): HtmlExtraction {
  const els: El[] = [];
  const evType: number[] = [];
  const evRef: number[] = [];
  const texts: string[] = [];
  const stack: number[] = [];
  let dropDepth = -1; // stack length at which a dropped subtree started, -1 when not dropping
  let tagtog = false;
  const preParts: string[] = [];
  let inTagtogPre = false;
  let preDepth = 0;
  let articleDepth = 0;
  let linkDepth = 0;
  let headingEl = -1;
  let totalWeight = 0;

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
      if (DROP.has(name) || hidden) {
        dropDepth = depth;
        return;
      }
      const id = els.length;
      const heading = HEADING_LEVEL[name] ?? 0;
      els.push({
        name,
        parent: stack.length ? stack[stack.length - 1]! : -1,
        depth: stack.length,
        openEv: evType.length,
        closeEv: -1,
        chrome: chromeReason(name, attribs, articleDepth > 0),
        candidate: isContentCandidate(name, attribs),
        heading,
        weight: 0,
        linkWeight: 0,
        links: name === 'a' ? 1 : 0,
        policyHeading: false,
        snippet: '',
      });
      stack.push(id);
      evType.push(EV_OPEN);
      evRef.push(id);
      if (name === 'article' || name === 'main') articleDepth++;
      if (name === 'a') linkDepth++;
      if (heading && headingEl < 0) headingEl = id;
      if (name === 'pre') {
        preDepth++;
        if (tagtog && preParts.length === 0) inTagtogPre = true;
      }
    },
    text(data) {
      if (dropDepth >= 0) return;
      if (inTagtogPre) preParts.push(data);
      evType.push(EV_TEXT);
      evRef.push(texts.length);
      texts.push(data);
      const top = stack.length ? els[stack[stack.length - 1]!]! : undefined;
      const w = textWeight(data);
      totalWeight += w;
      if (top) {
        top.weight += w;
        if (linkDepth > 0) top.linkWeight += w;
      }
      if (headingEl >= 0) {
        const h = els[headingEl]!;
        if (h.snippet.length < 200) h.snippet += data.slice(0, 200);
      }
    },
    close(name, depth) {
      if (dropDepth >= 0) {
        if (depth === dropDepth) dropDepth = -1;
        return;
      }
      const id = stack.pop();
      if (id === undefined) return;
      const el = els[id]!;
      el.closeEv = evType.length;
      evType.push(EV_CLOSE);
      evRef.push(id);
      if (name === 'article' || name === 'main') articleDepth = Math.max(0, articleDepth - 1);
      if (name === 'a') linkDepth = Math.max(0, linkDepth - 1);
      if (id === headingEl) {
        if (el.heading <= 3 && POLICY_HEADING.test(el.snippet)) el.policyHeading = true;
        headingEl = -1;
      }
      if (name === 'pre') {
        preDepth = Math.max(0, preDepth - 1);
        if (preDepth === 0) inTagtogPre = false;
      }
    },
  });

  if (tagtog && preParts.length > 0) {
    return { text: preParts.join('').replace(/\r\n?/g, '\n'), headings: [], tagtog: true };
  }

  // Pass 2: subtree sums (children follow their parents in the table, so one backward sweep suffices).
  const ownWeight = Float64Array.from(els, (el) => el.weight);
  const ownLink = Float64Array.from(els, (el) => el.linkWeight);
  for (let i = els.length - 1; i >= 0; i--) {
    const el = els[i]!;
    if (el.parent >= 0) {
      const p = els[el.parent]!;
      p.weight += el.weight;
      p.linkWeight += el.linkWeight;
      p.links += el.links;
      if (el.policyHeading) p.policyHeading = true;
    }
  }

  // Pass 3: what is dropped, then which element is the body.
  const dropped = new Uint8Array(els.length);
  for (let i = 0; i < els.length; i++) {
    const el = els[i]!;
    if (el.parent >= 0 && dropped[el.parent]) {
      dropped[i] = 1;
      continue;
    }
    const big = el.weight >= 0.4 * totalWeight && totalWeight > 0;
    if (el.chrome && !el.policyHeading && !big) dropped[i] = 1;
    else if (el.links >= 3 && el.linkWeight > 0.7 * el.weight && el.weight < 0.1 * totalWeight && !el.policyHeading) dropped[i] = 1;
  }
  // Kept weights, and kept non-link weights, bottom-up from each element's own text.
  const kept = new Float64Array(els.length);
  const keptText = new Float64Array(els.length);
  for (let i = 0; i < els.length; i++) {
    kept[i] = ownWeight[i]!;
    keptText[i] = ownWeight[i]! - ownLink[i]!;
  }
  for (let i = els.length - 1; i >= 0; i--) {
    const p = els[i]!.parent;
    if (p >= 0 && !dropped[i]) {
      kept[p] = kept[p]! + kept[i]!;
      keptText[p] = keptText[p]! + keptText[i]!;
    }
  }
  let keptTotal = 0;
  let keptTextTotal = 0;
  for (let i = 0; i < els.length; i++) {
    if (els[i]!.parent === -1 && !dropped[i]) {
      keptTotal += kept[i]!;
      keptTextTotal += keptText[i]!;
    }
  }

  let root = -1;
  let best = 0;
  for (let i = 0; i < els.length; i++) if (!dropped[i] && els[i]!.candidate && kept[i]! > best) best = kept[i]!;
  // Among candidates holding about as much as the best (nested <main><article class="policy">), the outermost.
  for (let i = 0; i < els.length && best > 0; i++) {
    if (dropped[i] || !els[i]!.candidate || kept[i]! < 0.97 * best) continue;
    if (root < 0 || els[i]!.depth < els[root]!.depth) root = i;
  }
  if (root >= 0 && best < 0.5 * keptTotal) root = -1;
  if (root < 0 && keptTextTotal > 0) {
    for (let i = 0; i < els.length; i++) {
      if (dropped[i] || keptText[i]! < 0.7 * keptTextTotal) continue;
      if (root < 0 || els[i]!.depth > els[root]!.depth) root = i;
    }
  }

  // Pass 4: write the text out.
  const out = new TextBuilder();
  const headings: { start: number; end: number; level: number }[] = [];
  let emitPre = 0;
  let openHeading: { start: number; level: number; el: number } | undefined;
  const emitRange = (from: number, to: number): void => {
    for (let e = from; e <= to; e++) {
      const type = evType[e]!;
      if (type === EV_TEXT) {
        const data = texts[evRef[e]!]!;
        if (emitPre > 0) out.raw(data);
        else out.text(data);
        continue;
      }
      const id = evRef[e]!;
      const el = els[id]!;
      if (type === EV_OPEN) {
        if (dropped[id]) {
          if (el.closeEv < 0) return;
          e = el.closeEv;
          continue;
        }
        if (el.name === 'pre') emitPre++;
        if (BLOCK.has(el.name)) out.breakLine();
        else if (CELL.has(el.name)) out.separate();
        else if (el.name === 'br') out.raw('\n');
        if (el.heading && !openHeading) openHeading = { start: out.nextOffset(), level: el.heading, el: id };
      } else {
        if (el.name === 'pre') emitPre = Math.max(0, emitPre - 1);
        if (openHeading && openHeading.el === id) {
          const end = out.length;
          if (end > openHeading.start) headings.push({ start: openHeading.start, end, level: openHeading.level });
          openHeading = undefined;
        }
        if (BLOCK.has(el.name)) out.breakLine();
        else if (CELL.has(el.name)) out.separate();
      }
    }
  };
  if (root < 0) {
    emitRange(0, evType.length - 1);
  } else {
    const r = els[root]!;
    // The page's <h1> titles before the body ("XX隐私政策" above the article) stay.
    for (let i = 0; i < root; i++) {
      const el = els[i]!;
      if (el.name === 'h1' && !dropped[i] && el.closeEv >= 0 && el.closeEv < r.openEv) {
        emitRange(el.openEv, el.closeEv);
        i = lastDescendant(els, i);
      }
    }
    emitRange(r.openEv, r.closeEv >= 0 ? r.closeEv : evType.length - 1);
  }
  const text = out.toString();
  return { text, headings: trimHeadings(text, headings), tagtog: false };
}

/** The table index of an element's last descendant (its subtree is contiguous in the table). */
function lastDescendant(els: El[], i: number): number {
  let j = i;
  while (j + 1 < els.length && isDescendant(els, j + 1, i)) j++;
  return j;
}

function isDescendant(els: El[], j: number, i: number): boolean {
  return els[j]!.depth > els[i]!.depth && els[j]!.openEv < (els[i]!.closeEv < 0 ? Infinity : els[i]!.closeEv);
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
