// MHTML (.mhtml/.mht, "Save page as… single file" in Chrome and Edge): a MIME multipart/related message whose
// text/html part is the page. A small parser of our own: the npm packages for this (mhtml2html, mhtml-parser)
// pull in jsdom or old iconv-lite and are not maintained; we need only headers, boundaries, quoted-printable,
// base64 and the part's charset.
import iconv from 'iconv-lite';
import type { ExtractedDocument, FormatAdapter } from '../document';
import { EngineError } from '../errors';
import { decodeText, displayName } from '../decode';
import { declaredCharset, htmlAdapter, htmlToText } from './html';

const LATIN1 = new TextDecoder('latin1');

export interface MimePart {
  headers: Record<string, string>;
  /** The body after the transfer encoding is undone. */
  body: Uint8Array;
}

/** Header block → lower-case name → unfolded value (continuation lines joined). */
export function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  let last = '';
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && last) {
      headers[last] += ' ' + line.trim();
      continue;
    }
    const m = /^([!-9;-~]+):[ \t]*(.*)$/.exec(line);
    if (!m) continue;
    last = m[1]!.toLowerCase();
    headers[last] = headers[last] === undefined ? m[2]!.trim() : headers[last]!;
  }
  return headers;
}

/** A parameter of a structured header: `boundary`, `charset`, `type` … (quoted or bare). */
export function headerParam(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  const re = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i');
  const m = re.exec(value);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

/** Quoted-printable (RFC 2045) → bytes: soft line breaks removed, =XX decoded, anything malformed kept as is. */
export function decodeQuotedPrintable(latin1: string): Uint8Array {
  const out = new Uint8Array(latin1.length);
  let n = 0;
  for (let i = 0; i < latin1.length; i++) {
    const c = latin1.charCodeAt(i);
    if (c === 0x3d) {
      const next = latin1.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(next)) {
        out[n++] = parseInt(next, 16);
        i += 2;
        continue;
      }
      // Soft line break: '=' then optional trailing blanks then CRLF or LF.
      const soft = /^[ \t]*\r?\n/.exec(latin1.slice(i + 1, i + 80));
      if (soft) {
        i += soft[0].length;
        continue;
      }
    }
    out[n++] = c & 0xff;
  }
  return out.subarray(0, n);
}

function decodeTransfer(body: string, encoding: string | undefined): Uint8Array {
  const enc = (encoding ?? '').toLowerCase().trim();
  if (enc === 'quoted-printable') return decodeQuotedPrintable(body);
  if (enc === 'base64') return new Uint8Array(Buffer.from(body.replace(/[^A-Za-z0-9+/=_-]/g, ''), 'base64'));
  return Uint8Array.from(Buffer.from(body, 'latin1'));
}

/** Splits a multipart MIME message into its parts. Throws a plain Error when it is not one. */
export function parseMultipart(bytes: Uint8Array): { headers: Record<string, string>; parts: MimePart[] } {
  const raw = LATIN1.decode(bytes);
  const headerEnd = /\r?\n\r?\n/.exec(raw);
  if (!headerEnd) throw new Error('no blank line after the message headers');
  const headers = parseHeaders(raw.slice(0, headerEnd.index));
  const type = headers['content-type'] ?? '';
  if (!/^multipart\//i.test(type)) throw new Error(`the message is ${type || 'not'} multipart`);
  const boundary = headerParam(type, 'boundary');
  if (!boundary) throw new Error('the multipart message names no boundary');
  const delimiter = '--' + boundary;
  const parts: MimePart[] = [];
  let at = raw.indexOf(delimiter, headerEnd.index);
  while (at >= 0) {
    let start = at + delimiter.length;
    if (raw.startsWith('--', start)) break; // closing delimiter
    start = raw.indexOf('\n', start);
    if (start < 0) break;
    start++;
    let next = raw.indexOf('\n' + delimiter, start);
    const end = next < 0 ? raw.length : next > 0 && raw[next - 1] === '\r' ? next - 1 : next;
    const chunk = raw.slice(start, end);
    const split = /\r?\n\r?\n/.exec(chunk);
    const partHeaders = parseHeaders(split ? chunk.slice(0, split.index) : chunk);
    const body = split ? chunk.slice(split.index + split[0].length) : '';
    parts.push({ headers: partHeaders, body: decodeTransfer(body, partHeaders['content-transfer-encoding']) });
    if (next < 0) break;
    at = next + 1;
    next = -1;
  }
  return { headers, parts };
}

/** The page's HTML from an MHTML file: the first text/html part, decoded with its charset. */
export function mhtmlToHtml(bytes: Uint8Array, fileName: string): { html: string; encoding: string } {
  const name = displayName(fileName);
  let parsed;
  try {
    parsed = parseMultipart(bytes);
  } catch (err) {
    throw new EngineError(
      'parse_failed',
      fileName,
      `${name} is not a readable MHTML web archive (${err instanceof Error ? err.message : String(err)}). Open the page in the browser again and save it as "Webpage, HTML only", or save it as text.`,
    );
  }
  const html = parsed.parts.find((p) => /^text\/html\b/i.test(p.headers['content-type'] ?? '')) ?? parsed.parts.find((p) => /^application\/xhtml/i.test(p.headers['content-type'] ?? ''));
  if (!html) {
    throw new EngineError('no_text', fileName, `${name} is a web archive without an HTML page in it (${parsed.parts.length} parts). Save the policy page itself as HTML or text and open that.`);
  }
  const charset = headerParam(html.headers['content-type'], 'charset')?.toLowerCase();
  const codec = charset && /^(gb2312|gbk|x-gbk|cp936)$/.test(charset) ? 'gb18030' : charset;
  if (codec && iconv.encodingExists(codec)) {
    return { html: iconv.decode(Buffer.from(html.body.buffer, html.body.byteOffset, html.body.length), codec, { stripBOM: true }), encoding: codec };
  }
  // No usable charset on the part: the page's own <meta charset>, else the text heuristics.
  const meta = declaredCharset(html.body);
  if (meta && iconv.encodingExists(meta) && !/^utf-?8$/.test(meta)) {
    return { html: iconv.decode(Buffer.from(html.body.buffer, html.body.byteOffset, html.body.length), meta, { stripBOM: true }), encoding: meta };
  }
  const decoded = decodeText(html.body, fileName);
  return { html: decoded.text, encoding: decoded.encoding };
}

const MHTML_SNIFF = /^(?:[!-9;-~]+:[^\n]*\r?\n(?:[ \t][^\n]*\r?\n)*)*?content-type:[ \t]*multipart\/related/i;

export const mhtmlAdapter: FormatAdapter = {
  id: 'mhtml',
  extensions: ['mhtml', 'mht'],
  sniff(bytes) {
    return MHTML_SNIFF.test(LATIN1.decode(bytes.subarray(0, 4096)));
  },
  async extract({ bytes, fileName }): Promise<ExtractedDocument> {
    // A file named .mhtml that is really plain HTML (some browsers save that): read it as HTML.
    if (!MHTML_SNIFF.test(LATIN1.decode(bytes.subarray(0, 4096)))) {
      decodeText(bytes, fileName); // empty, whitespace-only and binary files get their own errors
      if (htmlAdapter.sniff?.(bytes)) return htmlAdapter.extract({ bytes, fileName });
    }
    const { html, encoding } = mhtmlToHtml(bytes, fileName);
    const { text, headings } = htmlToText(html);
    if (!text.trim()) {
      throw new EngineError('no_text', fileName, `${displayName(fileName)} has no visible text in its saved page. Check that this is the policy page, or save the page as text.`);
    }
    return { text, format: 'mhtml', encoding, headings };
  },
};
