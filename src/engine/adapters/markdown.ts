// Markdown: front matter dropped, inline markup removed, headings kept as their own lines and reported.
import type { ExtractedDocument, FormatAdapter } from '../document';
import { EngineError } from '../errors';
import { decodeText, displayName } from '../decode';

/** Line count of a leading YAML (---) or TOML (+++) front-matter block, or 0. */
export function frontMatterLines(lines: string[]): number {
  const first = lines[0]?.trim();
  if (first !== '---' && first !== '+++') return 0;
  const limit = Math.min(lines.length, 300);
  for (let i = 1; i < limit; i++) {
    const l = lines[i]!.trim();
    if (l === first || (first === '---' && l === '...')) return i + 1;
  }
  return 0;
}

/** Removes inline Markdown markup from one line of text. */
export function stripInline(s: string): string {
  let t = s;
  t = t.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1'); // images → alt text
  t = t.replace(/\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)/g, '$1'); // links → label
  t = t.replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1'); // reference links
  t = t.replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1'); // autolinks
  t = t.replace(/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, ''); // inline HTML tags
  t = t.replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_m, _f, code: string) => code.trim());
  t = t.replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2'); // bold
  t = t.replace(/(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?![\w*])/g, '$1$2'); // *em*
  t = t.replace(/(^|[^\w])_(?=\S)([^_]*?\S)_(?!\w)/g, '$1$2'); // _em_
  t = t.replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1'); // strike-through
  t = t.replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1'); // escapes
  t = t.replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return t;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const HR = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/** Markdown source → plain text with heading positions. */
export function markdownToText(source: string): { text: string; headings: { start: number; end: number; level: number }[] } {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const skip = frontMatterLines(lines);
  const out: string[] = [];
  let length = 0;
  const headings: { start: number; end: number; level: number }[] = [];
  const emit = (line: string, level = 0): void => {
    if (level > 0 && line.trim()) {
      const lead = line.length - line.trimStart().length;
      headings.push({ start: length + lead, end: length + line.trimEnd().length, level });
    }
    out.push(line);
    length += line.length + 1;
  };

  let fence: string | undefined;
  for (let i = skip; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence) {
      if (line.trim().startsWith(fence)) {
        fence = undefined;
        emit('');
      } else emit(line);
      continue;
    }
    const f = FENCE.exec(line);
    if (f) {
      fence = f[1]!;
      emit('');
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      emit(stripInline(atx[2] ?? '').trim(), atx[1]!.length);
      continue;
    }
    const next = lines[i + 1];
    if (line.trim() && next !== undefined && SETEXT.test(next) && !HR.test(line) && !/^\s*([-*+]|\d+[.)])\s/.test(line)) {
      emit(stripInline(line).trim(), next.trim().startsWith('=') ? 1 : 2);
      i++;
      continue;
    }
    if (HR.test(line) || TABLE_RULE.test(line) && line.includes('-') && line.includes('|')) {
      emit('');
      continue;
    }
    let body = line.replace(/^ {0,3}(> ?)+/, ''); // block quotes
    if (/^\s*\|.*\|\s*$/.test(body)) {
      // Table row: cells separated by two spaces, so each row reads as one line.
      body = body.trim().replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map((c) => c.trim()).join('  ');
    }
    body = body.replace(/^(\s*)[+](\s+)/, '$1-$2'); // '+' bullets read like '-'
    emit(stripInline(body));
  }
  if (out.length > 0 && out[out.length - 1] === '') out.pop();
  return { text: out.join('\n'), headings };
}

export const markdownAdapter: FormatAdapter = {
  id: 'markdown',
  extensions: ['md', 'markdown', 'mdown', 'mkd', 'mdx'],
  async extract({ bytes, fileName }): Promise<ExtractedDocument> {
    const { text: source, encoding } = decodeText(bytes, fileName);
    const { text, headings } = markdownToText(source);
    if (!text.trim()) {
      throw new EngineError('no_text', fileName, `${displayName(fileName)} has no text outside its Markdown front matter and markup. Check that this is the policy file.`);
    }
    return { text, format: 'markdown', encoding, headings };
  },
};
