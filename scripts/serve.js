#!/usr/bin/env node
// `npm run serve`: the browser host over the built renderer, with the sample policies loaded. Builds nothing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function runHost(args = process.argv.slice(2)) {
  const { register } = await import('tsx/esm/api');
  register();
  process.argv = [process.argv[0], path.join(root, 'src/host/cli.ts'), ...args];
  await import(pathToFileURL(path.join(root, 'src/host/cli.ts')).href);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (!existsSync(path.join(root, 'out/renderer/index.html'))) {
    console.error('The renderer is not built yet: run `npm run build`, then `npm run serve` again.');
    process.exit(1);
  }
  await runHost();
}
