// The format adapter registry: picks an adapter by extension, then by sniffing the content.
// A new format is one more FormatAdapter object in ADAPTERS.
import type { AdapterInput, ExtractedDocument, FormatAdapter } from '../document';
import { EngineError } from '../errors';
import { MAX_FILE_BYTES, displayName, sniffBinaryKind } from '../decode';
import { textAdapter } from './text';
import { markdownAdapter } from './markdown';
import { htmlAdapter } from './html';
import { mhtmlAdapter } from './mhtml';

const SAVE_AS_TEXT = 'Save it as text (.txt), Markdown, HTML, PDF or DOCX from the program that made it, and open that file instead.';

const startsWithAscii = (bytes: Uint8Array, s: string): boolean => {
  if (bytes.length < s.length) return false;
  for (let i = 0; i < s.length; i++) if (bytes[i] !== s.charCodeAt(i)) return false;
  return true;
};

/**
 * PDF and DOCX load their parsers (pdfjs-dist, the zip reader) only when such a file arrives, so importing the
 * engine stays fast for text, Markdown and HTML.
 */
function lazy(id: string, extensions: string[], sniff: (bytes: Uint8Array) => boolean, load: () => Promise<FormatAdapter>): FormatAdapter {
  return {
    id,
    extensions,
    sniff,
    async extract(input: AdapterInput): Promise<ExtractedDocument> {
      return (await load()).extract(input);
    },
  };
}

export const pdfEntry = lazy('pdf', ['pdf'], (b) => startsWithAscii(b, '%PDF'), async () => (await import('./pdf')).pdfAdapter);
export const docxEntry = lazy('docx', ['docx', 'docm', 'dotx', 'dotm'], (b) => startsWithAscii(b, 'PK\x03\x04'), async () => (await import('./docx')).docxAdapter);

/** Formats that are documents but not ones we plan to read: say so instead of decoding them as garbage. */
const UNSUPPORTED: { extensions: string[]; label: string }[] = [
  { extensions: ['doc', 'dot'], label: 'legacy Word document (.doc)' },
  { extensions: ['rtf'], label: 'RTF document' },
  { extensions: ['odt'], label: 'OpenDocument text (.odt)' },
  { extensions: ['pages'], label: 'Apple Pages document' },
  { extensions: ['wps'], label: 'WPS document' },
  { extensions: ['xls', 'xlsx', 'ods', 'numbers'], label: 'spreadsheet' },
  { extensions: ['ppt', 'pptx', 'odp', 'key'], label: 'presentation' },
  { extensions: ['epub', 'mobi'], label: 'e-book' },
  { extensions: ['zip', 'rar', '7z', 'gz', 'tgz', 'tar', 'bz2', 'xz'], label: 'archive' },
];

/** Order matters for sniffing: the first adapter whose sniff accepts the bytes wins. */
export const ADAPTERS: FormatAdapter[] = [pdfEntry, docxEntry, mhtmlAdapter, htmlAdapter, markdownAdapter, textAdapter];

export function extensionOf(fileName: string): string {
  const base = displayName(fileName);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The adapter for a file: by extension, then by content, then plain text. */
export function pickAdapter(bytes: Uint8Array, fileName: string): FormatAdapter {
  const ext = extensionOf(fileName);
  if (ext) {
    const byExt = ADAPTERS.find((a) => a.extensions.includes(ext));
    if (byExt) return byExt;
  }
  const bySniff = ADAPTERS.find((a) => a.sniff?.(bytes));
  if (bySniff) return bySniff;
  return textAdapter;
}

/** Bytes + file name → the document's text and structure. Throws EngineError. */
export async function extractDocument(bytes: Uint8Array, fileName: string): Promise<ExtractedDocument> {
  const name = displayName(fileName);
  if (bytes.length > MAX_FILE_BYTES) {
    const mb = (bytes.length / 1024 / 1024).toFixed(1);
    throw new EngineError('too_large', fileName, `${name} is ${mb} MB, more than the ${MAX_FILE_BYTES / 1024 / 1024} MB PolicyBench reads. Open only the privacy policy itself, or split the file.`);
  }
  const ext = extensionOf(fileName);
  const unsupported = UNSUPPORTED.find((u) => u.extensions.includes(ext));
  if (unsupported) {
    throw new EngineError('unsupported_format', fileName, `${name} is a ${unsupported.label}, which PolicyBench cannot read. ${SAVE_AS_TEXT}`);
  }
  const adapter = pickAdapter(bytes, fileName);
  // A text-like extension on a container (a .txt that is really a PDF or DOCX) goes to the container's adapter.
  if (adapter === textAdapter || adapter === markdownAdapter || adapter === htmlAdapter || adapter === mhtmlAdapter) {
    const container = [pdfEntry, docxEntry].find((a) => a.sniff?.(bytes));
    if (container) return container.extract({ bytes, fileName });
    const kind = sniffBinaryKind(bytes);
    if (kind && /archive|Office/.test(kind)) {
      throw new EngineError('unsupported_format', fileName, `${name} is a ${kind}, which PolicyBench cannot read. ${SAVE_AS_TEXT}`);
    }
  }
  return adapter.extract({ bytes, fileName });
}
