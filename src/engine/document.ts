// The intermediate shapes that flow between the engine's stages.
import type { Clause } from '../shared/types';

/** What a format adapter hands to normalize: plain text plus what it knows of the structure. */
export interface ExtractedDocument {
  /** The document's text; every offset downstream points into this string. */
  text: string;
  /** Adapter id: 'text' | 'markdown' | 'html' | 'pdf' | 'docx' … */
  format: string;
  /** How the bytes were decoded ('utf-8', 'utf-8-bom', 'gb18030', 'utf-16le' …, or 'binary-container' for PDF/DOCX). */
  encoding: string;
  /** Headings the adapter recognised structurally (HTML <h1>, Markdown #, DOCX Heading styles): [start, end) + level. */
  headings?: { start: number; end: number; level: number }[];
  /** Optional map back to a source location (e.g. PDF page) for an offset. */
  locate?: (offset: number) => { page?: number } | undefined;
}

/** Input to an adapter. */
export interface AdapterInput {
  bytes: Uint8Array;
  fileName: string;
}

/** A format adapter. PDF and DOCX slot in by adding one object to the registry in adapters/index.ts. */
export interface FormatAdapter {
  id: string;
  /** Lower-case extensions without the dot. */
  extensions: readonly string[];
  /** Recognise the format from content when the extension says nothing useful. */
  sniff?: (bytes: Uint8Array) => boolean;
  extract: (input: AdapterInput) => Promise<ExtractedDocument>;
}

/**
 * The normalized view of a document. It never changes `text` (offsets stay valid); instead it says how
 * to read it: which line breaks are hard wraps inside a sentence, which ranges are page artefacts, and a
 * same-length `matchText` with full-width/half-width forms unified for the classifier and extractors.
 */
export interface NormalizedDocument {
  text: string;
  /** Same length as text: width-unified, lower-cased ASCII; used only for matching. */
  matchText: string;
  /** Offsets of '\n' characters that are hard wraps inside a sentence (to be read as nothing). */
  softBreaks: Set<number>;
  /** [start, end) ranges to ignore: page numbers, running headers/footers, navigation residue. */
  skipRanges: [number, number][];
  headings: { start: number; end: number; level: number }[];
}

/** A clause before classification. */
export type Segment = Omit<Clause, 'categories'> & {
  /** The clause's text for matching: soft breaks and whitespace removed, widths unified. */
  matchText: string;
};
