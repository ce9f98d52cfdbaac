// Starts the real browser host (src/host/cli.ts → startHost) as a child process on a free port with
// a fresh workspace (in a temporary POLICYBENCH_HOME unless one is given) and the sample policies, and stops it. Shared by the e2e suite and bench:ui.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS as EXPORT_CHROMIUM_ARGS, chromiumPath } from '../src/service/export/pdf';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RENDERER_DIR = path.join(ROOT, 'out', 'renderer');

export interface RunningHost {
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export interface HostProcessOptions {
  samples?: boolean;
  timeoutMs?: number;
  /** The workspace folder (--workspace); default: the default workspace under HOME. */
  workspace?: string;
  /** POLICYBENCH_HOME: settings.json and workspaces/. Default: a temporary folder removed on close. */
  home?: string;
}

export async function startHostProcess(opts: HostProcessOptions = {}): Promise<RunningHost> {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error('out/renderer is not built: run `npx electron-vite build` (or `npm run build`) first.');
  }
  const args = ['--import', 'tsx', path.join(ROOT, 'src/host/cli.ts'), '--port', '0', '--renderer', RENDERER_DIR];
  if (opts.samples === false) args.push('--no-samples');
  if (opts.workspace) args.push('--workspace', opts.workspace);
  const tempHome = opts.home ? undefined : mkdtempSync(path.join(os.tmpdir(), 'policybench-home-'));
  const home = opts.home ?? tempHome!;
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, POLICYBENCH_HOME: home } });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start in time:\n${output}`)), opts.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${output}`));
    });
  });
  const u = new URL(url);
  return {
    url,
    origin: u.origin,
    token: u.searchParams.get('token')!,
    port: Number(u.port),
    close: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          if (tempHome) rmSync(tempHome, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

// One list of Chromium flags for the product's PDF export and the tests (a duplicate used to live here).
export const CHROMIUM_ARGS: string[] = [...EXPORT_CHROMIUM_ARGS];
export const CHROMIUM_PATH = chromiumPath();
