// Reading journal.jsonl: one JSON entry per line. A last line without its newline is a write cut short by a
// crash (never acknowledged); a bad line elsewhere is damage. Neither stops the rest from being read.
import { promises as fs } from 'node:fs';
import { journalEntrySchema, type JournalEntry } from './types';

export const JOURNAL_FILE = 'journal.jsonl';

export interface JournalChunk {
  entries: JournalEntry[];
  /** Byte offset just past the last complete line read. */
  end: number;
  /** Bytes after the last newline: a torn write. */
  tornTail?: Buffer;
  /** 1-based line numbers (counted from the chunk's start) that failed to parse or validate. */
  badLines: number[];
}

/** Reads complete lines from byte OFFSET on. afterSeq: entries must be numbered above it and increasing. */
export async function readJournalFrom(file: string, offset: number, afterSeq: number): Promise<JournalChunk> {
  let buf: Buffer;
  try {
    const fd = await fs.open(file, 'r');
    try {
      const { size } = await fd.stat();
      buf = Buffer.alloc(Math.max(0, size - offset));
      let read = 0;
      while (read < buf.length) {
        const { bytesRead } = await fd.read(buf, read, buf.length - read, offset + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      buf = buf.subarray(0, read);
    } finally {
      await fd.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], end: offset, badLines: [] };
    throw err;
  }
  return parseJournal(buf, offset, afterSeq);
}

export function parseJournal(buf: Buffer, baseOffset: number, afterSeq: number): JournalChunk {
  const entries: JournalEntry[] = [];
  const badLines: number[] = [];
  let pos = 0;
  let line = 0;
  let lastSeq = afterSeq;
  for (;;) {
    const nl = buf.indexOf(0x0a, pos);
    if (nl < 0) break;
    line++;
    const text = buf.subarray(pos, nl).toString('utf8');
    pos = nl + 1;
    if (text.trim() === '') continue;
    let entry: JournalEntry | undefined;
    try {
      const parsed = journalEntrySchema.safeParse(JSON.parse(text));
      if (parsed.success) entry = parsed.data;
    } catch {
      // counted below
    }
    if (!entry || entry.seq <= lastSeq) {
      badLines.push(line);
      continue;
    }
    lastSeq = entry.seq;
    entries.push(entry);
  }
  const tail = buf.subarray(pos);
  return {
    entries,
    end: baseOffset + pos,
    tornTail: tail.length > 0 ? Buffer.from(tail) : undefined,
    badLines,
  };
}
