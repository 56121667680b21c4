/**
 * A tiny static server for the pages e2e tests visit. It listens on 127.0.0.1 only; Chromium's
 * `--host-resolver-rules=MAP *.test 127.0.0.1` lets tests use real-looking hosts, and the
 * server answers per host:
 *   - demo.tessera.test            -> the demo site (demo/server.mjs: QR enrollment, sign-in)
 *   - any other host, e.g. github.test -> tests/e2e/pages/<host>/<path> if it exists,
 *                                       else tests/e2e/pages/<path>
 * so two hosts can serve different pages under the same path (a site and its look-alike).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { handleDemoRequest } from '../../../demo/server.mjs';
import { DEMO_HOST } from '../../../demo/account.mjs';
import { repoRoot } from '../../../scripts/lib/launch-extension.mjs';

export const PAGES_DIR = path.join(repoRoot, 'tests', 'e2e', 'pages');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export interface FixtureServer {
  port: number;
  /** `http://<host>:<port><path>`; host is usually a `*.test` name. */
  url: (host: string, pathname?: string) => string;
  /**
   * Answers every request to `host` with this `Date` header (null: none at all), so a test
   * controls the time a site claims; undefined gives the real one back. A function is asked at
   * each request, so a clock offset stays true however long the test takes to get there.
   */
  setDate: (host: string, value: string | (() => string) | null | undefined) => void;
  /** The requests `host` received so far: method, path and whether a cookie came along. */
  requestsTo: (host: string) => { method: string; path: string; cookie: boolean }[];
  close: () => Promise<void>;
}

/** Per server: the Date each host answers with, and every request seen. */
interface ServerState {
  dates: Map<string, string | (() => string) | null>;
  seen: { host: string; method: string; path: string; cookie: boolean }[];
}

async function fileIfExists(file: string): Promise<string | null> {
  try {
    const s = await stat(file);
    if (s.isFile()) return file;
    if (s.isDirectory()) return fileIfExists(path.join(file, 'index.html'));
    return null;
  } catch {
    return null;
  }
}

/** Resolves `pathname` inside `root`, refusing anything that escapes it (`..`, encoded or not). */
function inside(root: string, pathname: string): string | null {
  const resolved = path.resolve(root, `.${pathname}`);
  return resolved === root || resolved.startsWith(root + path.sep) ? resolved : null;
}

async function serveStatic(host: string, pathname: string, res: ServerResponse): Promise<void> {
  const candidates = [inside(path.join(PAGES_DIR, host), pathname), inside(PAGES_DIR, pathname)];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const file = await fileIfExists(candidate);
    if (!file) continue;
    res.writeHead(200, {
      'content-type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(await readFile(file));
    return;
  }
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`Not found: ${host}${pathname}`);
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  { dates, seen }: ServerState,
): Promise<void> {
  const hostHeader = req.headers.host ?? '127.0.0.1';
  const host = hostHeader.replace(/:\d+$/, '').toLowerCase();
  seen.push({
    host,
    method: req.method ?? '',
    path: req.url ?? '',
    cookie: req.headers.cookie !== undefined,
  });
  const date = dates.get(host);
  if (date === null) res.sendDate = false;
  else if (date !== undefined) res.setHeader('Date', typeof date === 'function' ? date() : date);
  if (host === DEMO_HOST && (await handleDemoRequest(req, res))) return;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  await serveStatic(host, pathname, res);
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const state: ServerState = { dates: new Map(), seen: [] };
  const server = createServer((req, res) => {
    handle(req, res, state).catch((e: unknown) => {
      console.error(e);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('Server has no port');
  const { port } = address;
  return {
    port,
    url: (host, pathname = '/') =>
      `http://${host}:${port}${pathname.startsWith('/') ? pathname : `/${pathname}`}`,
    setDate: (host, value) => {
      if (value === undefined) state.dates.delete(host);
      else state.dates.set(host, value);
    },
    requestsTo: (host) =>
      state.seen
        .filter((r) => r.host === host)
        .map(({ method, path, cookie }) => ({ method, path, cookie })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
