// `npm run serve` / the `npm start` fallback: starts the browser host and prints its URL.
// Usage: tsx src/host/cli.ts [--port N] [--renderer DIR] [--workspace DIR] [--no-samples]
// The workspace defaults to $POLICYBENCH_HOME/workspaces/default (~/.policybench/workspaces/default).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startHost } from './server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    renderer: { type: 'string', default: path.join(root, 'out', 'renderer') },
    'no-samples': { type: 'boolean', default: false },
    workspace: { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535 (got "${values.port}").`);
  process.exit(2);
}
const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;

try {
  const host = await startHost({ port, rendererDir: values.renderer, samples: !values['no-samples'], version, workspaceDir: values.workspace });
  console.log(`PolicyBench is running at ${host.url}`);
  if (host.workspaceDir) console.log(`Workspace: ${host.workspaceDir}`);
  console.log('Open that URL in a browser on this machine (it listens on 127.0.0.1 only). Press Ctrl+C to stop.');
  const stop = () => {
    void host.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE') console.error(`Port ${port} is already in use. Choose another with --port, or omit it to pick a free one.`);
  else console.error(`PolicyBench host failed to start: ${e.message}`);
  process.exit(1);
}
