// The browser host: the built renderer and the contract's handlers on 127.0.0.1, behind a per-run token.
// Protocol: src/host/PROTOCOL.md. No handler logic here: every call goes through dispatch().
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiErrorBody, ApiErrorCode, Events } from '../shared/contract';
import { PoolAnalyzer, type Analyzer } from '../service/analyzer';
import { CONTENT_SECURITY_POLICY } from '../service/csp';
import { dispatch, HTTP_STATUS } from '../service/dispatch';
import { createHandlers } from '../service/handlers';
import type { WorkerSpec } from '../service/pool';
import type { Session } from '../service/session';
import { defaultHome, WorkspaceSession } from '../service/workspace-session';
import { engineWorkerFromSources } from '../service/worker-spec';

export const TOKEN_HEADER = 'x-policybench-token';
export const TOKEN_COOKIE = 'pb_token';
/** Base64 of the contract's 30 MB per-file limit plus JSON framing; anything bigger is refused unread. */
export const MAX_BODY_BYTES = 40 * 1024 * 1024;

export interface HostOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** The built renderer (out/renderer): index.html and assets. */
  rendererDir: string;
  /** Load resources/samples before answering, so the first page shows a comparison. */
  samples?: boolean;
  samplesDir?: string;
  /** Defaults to the engine worker run from sources through tsx. */
  worker?: WorkerSpec;
  poolSize?: number;
  version?: string;
  /** A session to use instead of a workspace (tests). */
  session?: Session;
  /** The workspace folder to open (created when missing). Default: HOME/workspaces/default. */
  workspaceDir?: string;
  /** Holds settings.json and workspaces/. Default: $POLICYBENCH_HOME or ~/.policybench. */
  home?: string;
}

export interface Host {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
  /** The workspace open at start (none when a session was given). */
  workspaceDir?: string;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export async function startHost(options: HostOptions): Promise<Host> {
  const rendererDir = path.resolve(options.rendererDir);
  const token = randomBytes(32).toString('hex');
  const tokenBytes = Buffer.from(token);
  const sse = new Set<http.ServerResponse>();

  const emit = <E extends keyof Events>(name: E, payload: Events[E]) => {
    const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const res of sse) res.write(frame);
  };

  const analyzer: Analyzer = new PoolAnalyzer({ worker: options.worker ?? engineWorkerFromSources(), size: options.poolSize });
  const workspace = options.session
    ? undefined
    : new WorkspaceSession({
        analyzer,
        home: options.home ?? defaultHome(),
        onChange: (kind) => {
          if (workspace?.isOpen) emit('workspace-changed', { dir: workspace.workspace.dir, revision: workspace.workspace.revision, kind });
        },
      });
  let fresh = true;
  try {
    if (workspace) fresh = (await workspace.start(options.workspaceDir)).created;
  } catch (err) {
    await analyzer.close();
    throw err;
  }
  const handlers = createHandlers({
    session: options.session ?? workspace!,
    analyzer,
    emit,
    samplesDir: options.samplesDir ?? path.join(REPO_ROOT, 'resources', 'samples'),
    app: { version: options.version ?? '0.0.0', locale: Intl.DateTimeFormat().resolvedOptions().locale, host: 'browser' },
    allowPathImports: false,
  });

  const sameToken = (candidate: string | undefined) => {
    if (!candidate) return false;
    const b = Buffer.from(candidate);
    return b.length === tokenBytes.length && timingSafeEqual(b, tokenBytes);
  };

  let port = 0;
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      console.error('[policybench host]', err);
      if (!res.headersSent) sendError(res, 'internal', 'The host failed to answer this request. Try again.');
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends Host: evil.example.
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (hostHeader !== `127.0.0.1:${port}` && hostHeader !== `localhost:${port}`) {
      return sendError(res, 'unauthorized', 'Unexpected Host header: open the URL printed by `npm run serve`.', 403);
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const headerToken = headerValue(req.headers[TOKEN_HEADER]);
    const cookieToken = readCookie(req.headers.cookie, TOKEN_COOKIE);

    if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html') && url.searchParams.has('token')) {
      if (!sameToken(url.searchParams.get('token') ?? undefined)) return sendError(res, 'unauthorized', 'This link has an old or wrong token. Open the URL printed by `npm run serve` in this run.');
      res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      return serveFile(res, path.join(rendererDir, 'index.html'), true);
    }

    if (url.pathname.startsWith('/api/call/')) {
      // The header, not the cookie: a cross-site form or fetch cannot set it, so this also defeats CSRF.
      if (!sameToken(headerToken)) return sendError(res, 'unauthorized', `API calls need the ${TOKEN_HEADER} header with this run's token.`);
      if (req.method !== 'POST') return sendError(res, 'invalid_request', 'API calls use POST.', 405, { Allow: 'POST' });
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') return sendError(res, 'invalid_request', 'API calls must be sent as Content-Type: application/json.', 415);
      const body = await readBody(req);
      if (body === 'too_large') {
        return sendError(res, 'invalid_request', `The request is larger than ${MAX_BODY_BYTES / 1048576} MB. Import fewer or smaller files at a time.`, 413, { Connection: 'close' });
      }
      let payload: unknown;
      try {
        payload = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch {
        return sendError(res, 'invalid_request', 'The request body is not valid JSON.');
      }
      const method = decodeURIComponentSafe(url.pathname.slice('/api/call/'.length)) ?? '';
      const result = await dispatch(handlers, method, payload);
      if (result.ok) return sendJson(res, 200, result.value);
      return sendError(res, result.error.code, result.error.message);
    }

    if (!sameToken(headerToken) && !sameToken(cookieToken)) {
      return sendError(res, 'unauthorized', 'Open the URL printed by `npm run serve` (it carries this run’s token).');
    }

    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') return sendError(res, 'invalid_request', 'Events use GET.', 405, { Allow: 'GET' });
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      sse.add(res);
      req.on('close', () => sse.delete(res));
      return;
    }
    if (url.pathname.startsWith('/api/')) return sendError(res, 'unknown_method', `No such endpoint ${url.pathname.slice(0, 100)}.`);

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 'invalid_request', 'Only GET and HEAD are allowed here.', 405, { Allow: 'GET, HEAD' });
    const rel = decodeURIComponentSafe(url.pathname);
    if (rel === undefined || rel.includes('\0')) return sendError(res, 'invalid_request', 'Malformed path.');
    const file = path.resolve(rendererDir, '.' + (rel === '/' ? '/index.html' : rel));
    if (!file.startsWith(rendererDir + path.sep)) return sendError(res, 'not_found', 'Not found.');
    return serveFile(res, file, rel === '/' || rel === '/index.html', req.method === 'HEAD');
  }

  async function serveFile(res: http.ServerResponse, file: string, noStore: boolean, headOnly = false): Promise<void> {
    let info;
    try {
      info = await stat(file);
    } catch {
      info = undefined;
    }
    if (!info?.isFile()) {
      if (path.basename(file) === 'index.html') return sendError(res, 'not_found', `The renderer is not built (${file} is missing). Run \`npm run build\`, then start the host again.`);
      return sendError(res, 'not_found', 'Not found.');
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(info.size),
      'Cache-Control': noStore ? 'no-store' : 'no-cache',
    });
    if (headOnly) return void res.end();
    createReadStream(file).pipe(res);
  }

  const ping = setInterval(() => {
    for (const res of sse) res.write(': ping\n\n');
  }, 15_000);
  ping.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  const close = async () => {
    clearInterval(ping);
    for (const res of sse) res.end();
    sse.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await workspace?.close().catch(() => undefined);
    await analyzer.close();
  };

  // Samples go into a fresh workspace only: an existing review keeps exactly the policies the reviewer left.
  if (options.samples && fresh) {
    const result = await handlers['policies-load-samples']({ jobId: 'startup-samples' });
    for (const e of result.errors) console.warn(`[policybench host] sample not loaded: ${e.message}`);
  }

  return { url: `http://127.0.0.1:${port}/?token=${token}`, token, port, close, workspaceDir: workspace?.isOpen ? workspace.workspace.dir : undefined };
}

function sendJson(res: http.ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(body);
}

function sendError(res: http.ServerResponse, code: ApiErrorCode, message: string, status = HTTP_STATUS[code], extra: Record<string, string> = {}): void {
  const body: ApiErrorBody = { error: { code, message } };
  sendJson(res, status, body, extra);
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function decodeURIComponentSafe(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer | 'too_large'> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    req.resume();
    return Promise.resolve('too_large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        over = true;
        chunks.length = 0;
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}
