// Files handed to the renderer by drag-and-drop or the browser's file picker → uploads for policies-import.
import type { FileUpload } from '../shared/contract';

export interface PickedFile {
  file: File;
  relativePath: string;
}

/** Skip what a folder drop drags along that is never a policy. */
function skip(name: string): boolean {
  return name.startsWith('.') || name === 'Thumbs.db' || name === 'desktop.ini';
}

function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries answers in batches (100 in Chromium) until it returns an empty one.
  return new Promise((resolve, reject) => {
    const out: FileSystemEntry[] = [];
    const next = (): void =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(out);
        else {
          out.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, prefix: string, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    if (skip(entry.name) && prefix) return;
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, relativePath: prefix + entry.name });
  } else if (entry.isDirectory) {
    const children = await readAllEntries((entry as FileSystemDirectoryEntry).createReader());
    children.sort((a, b) => a.name.localeCompare(b.name));
    for (const child of children) await walk(child, `${prefix}${entry.name}/`, out);
  }
}

/**
 * Collects dropped files and folders. Must be called synchronously inside the drop handler: the
 * DataTransfer's items are emptied once the event returns, so entries are taken first, read after.
 */
export function collectDropped(dt: DataTransfer): Promise<PickedFile[]> {
  const roots: (FileSystemEntry | File)[] = [];
  for (const item of Array.from(dt.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    const file = entry ? null : item.getAsFile();
    if (entry) roots.push(entry);
    else if (file) roots.push(file);
  }
  if (roots.length === 0) for (const f of Array.from(dt.files ?? [])) roots.push(f);
  return (async () => {
    const out: PickedFile[] = [];
    for (const r of roots) {
      if (r instanceof File) out.push({ file: r, relativePath: r.name });
      else await walk(r, '', out);
    }
    return out;
  })();
}

export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

/** Splits picked files into batches whose base64 stays well under a comfortable request size. */
export function batches(files: PickedFile[], maxBytes = 24 * 1024 * 1024, maxFiles = 500): PickedFile[][] {
  const out: PickedFile[][] = [];
  let cur: PickedFile[] = [];
  let size = 0;
  for (const f of files) {
    if (cur.length && (size + f.file.size > maxBytes || cur.length >= maxFiles)) {
      out.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(f);
    size += f.file.size;
  }
  if (cur.length) out.push(cur);
  return out;
}

export async function toUploads(files: PickedFile[]): Promise<{ uploads: FileUpload[]; unreadable: string[] }> {
  const uploads: FileUpload[] = [];
  const unreadable: string[] = [];
  for (const f of files) {
    try {
      uploads.push({ name: f.file.name, relativePath: f.relativePath, dataBase64: await readAsBase64(f.file) });
    } catch {
      unreadable.push(f.relativePath);
    }
  }
  return { uploads, unreadable };
}
