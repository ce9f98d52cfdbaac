#!/usr/bin/env node
// `npm start`: build if out/ is missing or older than the sources, then run Electron, or the browser host
// when Electron's binary is not installed (offline machines: it is downloaded on first run).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHost } from './serve.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outputs = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].map((p) => path.join(root, p));
const inputs = ['src/main', 'src/preload', 'src/renderer', 'src/service', 'src/engine', 'src/shared', 'electron.vite.config.ts', 'package.json'].map((p) => path.join(root, p));

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return /\.test\.tsx?$/.test(p) ? 0 : s.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((e) => newestMtime(path.join(p, e))));
}

function needsBuild() {
  if (!outputs.every((o) => existsSync(o))) return true;
  const built = Math.min(...outputs.map((o) => statSync(o).mtimeMs));
  return Math.max(...inputs.map(newestMtime)) > built;
}

/** Electron's binary, without side effects: require('electron') would try to download it when missing. */
function electronBinary() {
  const pkg = path.join(root, 'node_modules/electron');
  const pathFile = path.join(pkg, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel || 'electron');
    return existsSync(p) ? p : undefined;
  }
  if (!rel) return undefined;
  const p = path.join(pkg, 'dist', rel);
  return existsSync(p) ? p : undefined;
}

if (needsBuild()) {
  console.log('Building PolicyBench (electron-vite build)…');
  const cli = path.join(root, 'node_modules/electron-vite/bin/electron-vite.js');
  const r = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    console.error('The build failed (see above). Fix the error, or run `npm run build` to see the full output.');
    process.exit(1);
  }
}

const electron = electronBinary();
if (electron) {
  const child = spawn(electron, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
} else {
  console.log('Electron binary not available here; starting the browser host instead');
  await runHost(process.argv.slice(2));
}
