// What bench:ui and its trace tool load into the browser host: N distinct policies made from the corpus, and a
// typed call into the host's API.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunningHost } from '../e2e/host';

const CORPUS = process.env.PB_CORPUS ?? '/work/shared/corpus';

export function corpusFiles(): string[] {
  const out: string[] = [];
  for (const sub of ['seeds', 'ca4p-dev']) {
    const dir = path.join(CORPUS, sub);
    for (const name of readdirSync(dir).sort()) out.push(path.join(dir, name));
  }
  return out;
}

/** Upload i of the set: a policy id is its content hash, so each copy gets a harmless trailing marker. */
export function benchUpload(i: number, files: string[]): { name: string; relativePath: string; dataBase64: string } {
  const src = files[i % files.length]!;
  const ext = path.extname(src);
  const round = Math.floor(i / files.length);
  const marker = ext === '.html' ? `\n<!-- bench copy ${i} -->\n` : `\n\n（基准测试副本 ${i}）\n`;
  const bytes = round === 0 ? readFileSync(src) : Buffer.concat([readFileSync(src), Buffer.from(marker)]);
  const name = `${String(i).padStart(3, '0')}_${round ? `copy${round}_` : ''}${path.basename(src)}`;
  return { name, relativePath: `bench/${name}`, dataBase64: bytes.toString('base64') };
}

/** One API call to the host with its token; throws with the host's answer when it is not 2xx. */
export function hostCaller(host: Pick<RunningHost, 'origin' | 'token'>): (method: string, body: unknown) => Promise<unknown> {
  return async (method, body) => {
    const res = await fetch(`${host.origin}/api/call/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-PolicyBench-Token': host.token },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as unknown;
    if (!res.ok) throw new Error(`${method}: ${JSON.stringify(json)}`);
    return json;
  };
}
