import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from './server';

let dir: string;
let host: Host;

/** Raw request, so tests control Host and other headers that fetch would fix. */
function request(opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, path: opts.path, method: opts.method ?? 'GET', headers: { Host: `127.0.0.1:${host.port}`, ...opts.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const call = (method: string, payload: unknown, headers: Record<string, string> = {}) =>
  request({
    path: `/api/call/${method}`,
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-PolicyBench-Token': host.token, ...headers },
    body: JSON.stringify(payload),
  });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pb-host-'));
  await mkdir(path.join(dir, 'renderer', 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>PolicyBench</title>');
  await writeFile(path.join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'outside the renderer dir');
  host = await startHost({ rendererDir: path.join(dir, 'renderer'), version: '9.9.9', home: path.join(dir, 'home') });
});

afterAll(async () => {
  await host?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('browser host', () => {
  it('prints a loopback URL carrying a 64-hex-digit token', () => {
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
  });

  it('serves the page for the token URL and sets an HttpOnly SameSite=Strict cookie', async () => {
    const res = await request({ path: `/?token=${host.token}` });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['set-cookie']?.[0]).toBe(`pb_token=${host.token}; HttpOnly; SameSite=Strict; Path=/`);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('refuses requests without the token or with a wrong one', async () => {
    for (const res of [
      await request({ path: '/' }),
      await request({ path: '/?token=' + '0'.repeat(64) }),
      await request({ path: '/assets/app.js' }),
      await request({ path: '/assets/app.js', headers: { Cookie: 'pb_token=wrong' } }),
      await request({ path: '/api/events' }),
      await call('app-info', {}, { 'X-PolicyBench-Token': 'f'.repeat(64) }),
    ]) {
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });

  it('answers a call with the token header', async () => {
    const res = await call('app-info', {});
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ version: '9.9.9', host: 'browser' });
  });

  it('refuses API calls that carry only the cookie (CSRF) or are not JSON', async () => {
    const cookieOnly = await request({ path: '/api/call/app-info', method: 'POST', headers: { Cookie: `pb_token=${host.token}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect(cookieOnly.status).toBe(401);
    const form = await call('app-info', {}, { 'Content-Type': 'text/plain' });
    expect(form.status).toBe(415);
    expect(JSON.parse(form.body).error.code).toBe('invalid_request');
  });

  it('serves static files with the cookie, with MIME type and CSP', async () => {
    const res = await request({ path: '/assets/app.js', headers: { Cookie: `pb_token=${host.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
  });

  it('answers unknown methods and invalid payloads with typed errors', async () => {
    const unknown = await call('policies-explode', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toEqual({ error: { code: 'unknown_method', message: expect.stringContaining('policies-explode') } });
    const invalid = await call('policy-get', { policyId: 'not-an-id' });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body).error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('policyId') });
    const extra = await call('matrix-get', { evil: true });
    expect(extra.status).toBe(400);
    const badJson = await request({ path: '/api/call/app-info', method: 'POST', headers: { 'Content-Type': 'application/json', 'X-PolicyBench-Token': host.token }, body: '{' });
    expect(badJson.status).toBe(400);
    const missing = await call('policy-get', { policyId: '0123456789abcdef' });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).error.code).toBe('not_found');
  });

  it('tells the browser user to drag files in instead of opening a dialog', async () => {
    const res = await call('policies-open-dialog', { jobId: 'j1' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'unsupported', message: expect.stringMatching(/[Dd]rag/) });
  });

  it('refuses imports by path: a page could otherwise read any file', async () => {
    const res = await call('policies-import-paths', { jobId: 'p1', paths: [path.join(dir, 'secret.txt')] });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'unsupported', message: expect.stringMatching(/[Dd]rag/) });
  });

  it('sends no CORS headers, even to a cross-origin preflight', async () => {
    const pre = await request({ path: '/api/call/app-info', method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST', 'X-PolicyBench-Token': host.token } });
    const res = await call('app-info', {}, { Origin: 'https://evil.example' });
    for (const r of [pre, res]) {
      expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
    expect(pre.status).toBeGreaterThanOrEqual(400);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    for (const h of ['evil.example', `evil.example:${host.port}`, '127.0.0.1', `127.0.0.1:${host.port + 1}`]) {
      const res = await request({ path: `/?token=${host.token}`, headers: { Host: h } });
      expect(res.status).toBe(403);
    }
    const ok = await request({ path: `/?token=${host.token}`, headers: { Host: `localhost:${host.port}` } });
    expect(ok.status).toBe(200);
  });

  it('refuses path traversal out of the renderer dir', async () => {
    const cookie = { Cookie: `pb_token=${host.token}` };
    for (const p of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/%00']) {
      const res = await request({ path: p, headers: cookie });
      expect(res.status, p).toBeGreaterThanOrEqual(400);
      expect(res.body).not.toContain('outside the renderer dir');
    }
  });

  it('refuses bodies over the limit with 413', async () => {
    const res = await request({
      path: '/api/call/policies-import',
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-PolicyBench-Token': host.token, 'Content-Length': String(41 * 1024 * 1024) },
    }).catch((e: Error) => ({ status: -1, body: e.message, headers: {} }));
    // The host answers before reading the body; the client may see the answer or a reset.
    if (res.status !== -1) expect(res.status).toBe(413);
  });

  it('streams events over SSE with the cookie', async () => {
    const frames: string[] = [];
    const req = http.get({ host: '127.0.0.1', port: host.port, path: '/api/events', headers: { Host: `127.0.0.1:${host.port}`, Cookie: `pb_token=${host.token}` } });
    const res = await new Promise<http.IncomingMessage>((r) => req.on('response', r));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    res.setEncoding('utf8');
    res.on('data', (c: string) => frames.push(c));
    const r = await call('policies-import', { jobId: 'sse', files: [{ name: 'secret.txt', dataBase64: Buffer.from('我们收集您的手机号码。').toString('base64') }] });
    expect(r.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    req.destroy();
    const all = frames.join('');
    expect(all).toMatch(/event: analysis-progress\ndata: \{"jobId":"sse","file":"secret.txt","index":1,"total":1,"status":"started"\}\n\n/);
    expect(all).toContain('"jobId":"sse","file":"secret.txt","index":1,"total":1,"status":"done"');
  }, 30_000);

  it('keeps answering calls while it analyzes 20 policies', async () => {
    const samplesDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../resources/samples');
    const samples = (await readdir(samplesDir)).sort();
    await mkdir(path.join(dir, 'many'));
    for (let i = 0; i < 20; i++) {
      const text = await readFile(path.join(samplesDir, samples[i % samples.length]!), 'utf8');
      await writeFile(path.join(dir, 'many', `${String(i).padStart(3, '0')}.txt`), `${text}\n（副本 ${i}）\n`);
    }
    const files = await Promise.all(
      (await readdir(path.join(dir, 'many'))).map(async (name) => ({ name, dataBase64: (await readFile(path.join(dir, 'many', name))).toString('base64') })),
    );
    let finished = false;
    const job = call('policies-import', { jobId: 'many', files }).finally(() => (finished = true));
    const latencies: number[] = [];
    while (!finished) {
      const t0 = performance.now();
      const r = await call('app-info', {});
      expect(r.status).toBe(200);
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
    const res = await job;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).added).toHaveLength(20);
    const worst = Math.max(...latencies);
    console.log(`host: ${latencies.length} app-info calls during a 20-file import, worst ${worst.toFixed(0)} ms, median ${latencies.sort((a, b) => a - b)[latencies.length >> 1]!.toFixed(1)} ms`);
    expect(latencies.length).toBeGreaterThan(5);
    expect(worst).toBeLessThan(500);
  }, 120_000);

  it('listens on 127.0.0.1 only', async () => {
    const addrs = Object.values(os.networkInterfaces())
      .flat()
      .filter((a) => a && a.family === 'IPv4' && a.address !== '127.0.0.1')
      .map((a) => a!.address);
    for (const address of addrs) {
      const connected = await new Promise<boolean>((resolve) => {
        const s = net.connect({ host: address, port: host.port });
        s.once('connect', () => (s.destroy(), resolve(true)));
        s.once('error', () => resolve(false));
      });
      expect(connected, address).toBe(false);
    }
    const v6 = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '::1', port: host.port });
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    expect(v6).toBe(false);
  });
});
