// The demo site: an enrollment page with a QR code and a sign-in page that checks the code.
// Used by `npm start` on its own, and by the e2e fixture server for the demo host.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import QRCode from 'qrcode';
import { DEMO_ACCOUNT, DEMO_HOST, demoUri, isValidDemoCode } from './account.mjs';

const demoDir = path.dirname(fileURLToPath(import.meta.url));

/** @param {string} s */
function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** @param {string} name @param {Record<string, string>} values (already HTML-safe) */
async function render(name, values) {
  const template = await readFile(path.join(demoDir, name), 'utf8');
  return template.replace(/\{\{(\w+)\}\}/g, (_, key) => values[key] ?? '');
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} type
 * @param {string | Buffer} body
 */
function send(res, status, type, body) {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    // The pages load nothing from elsewhere; say so, like a careful real site would.
    'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'",
  });
  res.end(body);
}

/** @param {import('node:http').IncomingMessage} req */
function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > 10_000) req.destroy(new Error('form too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

/** @param {string} status @param {'ok' | 'error' | ''} kind */
function signinValues(status, kind) {
  return {
    label: escapeHtml(DEMO_ACCOUNT.label),
    status: escapeHtml(status),
    statusClass: kind,
  };
}

/**
 * Serves the demo pages. Resolves true when it answered the request, false when the path is
 * not one of the demo's (so a caller can fall through to other routes).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @returns {Promise<boolean>}
 */
export async function handleDemoRequest(req, res) {
  const { pathname } = new URL(req.url ?? '/', 'http://demo.invalid');
  if (req.method === 'GET' && (pathname === '/' || pathname === '/enroll.html')) {
    const uri = demoUri();
    const qr = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, scale: 6 });
    const html = await render('enroll.html', {
      qr,
      uri: escapeHtml(uri),
      issuer: escapeHtml(DEMO_ACCOUNT.issuer),
      label: escapeHtml(DEMO_ACCOUNT.label),
      secret: escapeHtml(DEMO_ACCOUNT.secret),
    });
    send(res, 200, 'text/html; charset=utf-8', html);
    return true;
  }
  if (req.method === 'GET' && pathname === '/signin.html') {
    send(res, 200, 'text/html; charset=utf-8', await render('signin.html', signinValues('', '')));
    return true;
  }
  if (req.method === 'POST' && pathname === '/verify') {
    const form = await readForm(req);
    const ok = isValidDemoCode(String(form.get('code') ?? ''));
    const values = ok
      ? signinValues(`Signed in as ${DEMO_ACCOUNT.label}.`, 'ok')
      : signinValues('That code is not right. Enter the current code from Tessera.', 'error');
    send(res, ok ? 200 : 401, 'text/html; charset=utf-8', await render('signin.html', values));
    return true;
  }
  if (req.method === 'GET' && pathname === '/style.css') {
    send(res, 200, 'text/css; charset=utf-8', await readFile(path.join(demoDir, 'style.css')));
    return true;
  }
  return false;
}

/**
 * Starts the demo site alone on 127.0.0.1. With Chromium's host-resolver rule the pages are
 * reached as http://demo.tessera.test:<port>/.
 * @param {{ port?: number }} [options]
 */
export async function startDemoServer({ port = 0 } = {}) {
  const server = createServer((req, res) => {
    handleDemoRequest(req, res)
      .then((handled) => {
        if (!handled) send(res, 404, 'text/plain; charset=utf-8', 'Not found');
      })
      .catch((e) => {
        console.error(e);
        if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Demo server error');
      });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    port: actualPort,
    /** @param {string} [pathname] */
    url: (pathname = '/') => `http://${DEMO_HOST}:${actualPort}${pathname}`,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
