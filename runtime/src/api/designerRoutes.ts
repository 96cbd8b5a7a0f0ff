import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';
import Negotiator from 'negotiator';

/** Paths the single-page app must never shadow. */
const SERVER_PATHS = /^\/(api|demo-backend|healthz|readyz|audio|voice|whatsapp|messenger|botframework|webchat)(\/|$)/;

const NOT_BUILT = (nonce: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Griot</title>
<style nonce="${nonce}">body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5 }</style></head>
<body>
<h1>Griot is running</h1>
<p>The designer has not been built. From the repository root run</p>
<pre>npm run build -w @griot/designer</pre>
<p>then reload this page (or start with <code>npm start</code>, which builds it first).</p>
<p>The API answers under <a href="/api/openapi.json"><code>/api</code></a>.</p>
</body></html>`;

/**
 * Where the built page takes its style nonce (designer/index.html): the server writes a fresh one
 * in it for each page it serves, and the app hands it to Mantine (main.tsx).
 */
const NONCE_PLACEHOLDER = 'griot-style-nonce';

/**
 * What the designer's pages may load: only their own files, nothing inline or evaluated. Vite
 * builds the scripts into files, so `script-src 'self'` suffices; the API and its event streams
 * are same-origin. Styles: the page's own files, and the `<style>` elements Mantine writes at run
 * time (its theme's CSS variables, the breakpoints' classes, a grid's or the app shell's media
 * queries: their content changes with the page, so no hash) only with the page's nonce, new at
 * each page served: an injected `<style>` or `style="…"` attribute is refused (React's style props
 * are set through the CSSOM, which the policy does not govern). A page built before the nonce
 * (no placeholder in its index.html) keeps `'unsafe-inline'`, or it would show unstyled.
 * `media-src data:`: a recorded take's captions are a `data:` WebVTT `<track>` (captionsOf.ts);
 * `blob:` is the take itself, played before it is uploaded.
 */
export function designerContentSecurityPolicy(styles: { nonce: string } | 'files' | 'inline' = 'files'): string {
  const styleSrc = styles === 'files' ? "'self'" : styles === 'inline' ? "'self' 'unsafe-inline'" : `'self' 'nonce-${styles.nonce}'`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src ${styleSrc}`,
    "connect-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The encodings the build wrote beside each file (designer/precompress.ts), best first: brotli is
 * about a fifth smaller than gzip on the designer's scripts.
 */
const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

/**
 * The encoding to send a file in, among the copies the build left beside it (`available`) and the
 * file as it is (`identity`), as the request's Accept-Encoding asks (RFC 9110 §12.5.3), read by
 * negotiator, the parser express's `req.acceptsEncodings()` uses: the highest weight wins, `*`
 * covers what is not named, `q=0` refuses; between equal weights the smallest copy (brotli, then
 * gzip, then the file itself: express's own call would take the header's order, and Chromium
 * writes `gzip, deflate, br`). `x-gzip` is gzip (§8.4.1.3). False when nothing fits (`identity;q=0`
 * and no copy the request accepts): the answer is then 406.
 */
export function encodingFor(acceptEncoding: string | undefined, available: readonly string[]): string | false {
  const header = acceptEncoding?.replace(/\bx-gzip\b/gi, 'gzip');
  const preferred = [...PRECOMPRESSED.map(({ encoding }) => encoding), 'identity'];
  const offered = preferred.filter((encoding) => encoding === 'identity' || available.includes(encoding));
  return new Negotiator({ headers: { 'accept-encoding': header } }).encodings(offered, { preferred })[0] ?? false;
}

/**
 * How long a browser keeps a file: the hashed ones under `/assets/` never change (a new build names
 * new files), so a year and `immutable` (a second visit asks nothing); the rest (the favicon) an hour.
 */
const cacheControlOf = (path: string) => (path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');

/** A 404 no cache keeps: the file may come with the next build. */
function notFound(res: Response): void {
  res.status(404).setHeader('Cache-Control', 'no-store');
  res.type('text/plain').send('Not found');
}

/**
 * The file a path names under the built designer, or undefined for a path that cannot be one: a
 * dot-file or dot-folder, a `..` or a NUL, index.html (the page is served with its nonce), or a
 * compressed copy asked for by its own name.
 */
function fileOf(root: string, path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  const segments = decoded.split('/').filter(Boolean);
  if (segments.length === 0 || segments.some((s) => s.startsWith('.') || s.includes('\\') || s.includes('\0'))) return undefined;
  // Judged on the file named, not on the path as written: `//index.html` or `/index.html%2f` name the
  // page too, and `/assets/a.js.br/` the copy.
  const file = join(root, ...segments);
  if (file === join(root, 'index.html') || PRECOMPRESSED.some(({ suffix }) => file.endsWith(suffix))) return undefined;
  return file.startsWith(root) ? file : undefined;
}

/** A nonce for one page: 128 random bits. */
const newNonce = () => randomBytes(16).toString('base64');

/**
 * Serves the designer's built files at `/`, with the single-page-app fallback to index.html
 * for client-side routes; without a build, `/` explains how to make one.
 */
export function createDesignerRoutes(distDir: string): Router {
  const router = Router();
  const index = join(distDir, 'index.html');
  // Its pages act with the user's cookie: no other site may frame them (clickjacking a publish,
  // a user disabled), an injected script does not run, and a file is only ever read as the type
  // it is served as.
  router.use((_req, res, next) => {
    res.setHeader('X-Frame-Options', 'DENY');
    // The policy of a file that is no page (a script, a picture): no inline style at all. A page's own is set where it is served.
    res.setHeader('Content-Security-Policy', designerContentSecurityPolicy());
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  // The built page, read again when the file changes: `npm run build -w @griot/designer` while the
  // server runs replaces index.html and its hashed assets, and the next page served names the new ones.
  let built: { mtimeMs: number; size: number; ino: number; page: string } | undefined;
  const currentPage = async (): Promise<string | undefined> => {
    const stats = await stat(index).catch(() => undefined);
    if (!stats?.isFile()) return undefined;
    if (built && built.mtimeMs === stats.mtimeMs && built.size === stats.size && built.ino === stats.ino) return built.page;
    const page = await readFile(index, 'utf8').catch(() => undefined);
    if (page === undefined) return undefined;
    built = { mtimeMs: stats.mtimeMs, size: stats.size, ino: stats.ino, page };
    return page;
  };
  const sendPage = (res: Response, page: string) => {
    const nonce = page.includes(NONCE_PLACEHOLDER) ? newNonce() : undefined;
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Security-Policy', designerContentSecurityPolicy(nonce ? { nonce } : 'inline'));
    res.type('html').send(nonce ? page.replaceAll(NONCE_PLACEHOLDER, nonce) : page);
  };
  /** The page, or, while the designer is not built (or being built), how to build it at `/` and `/agent` (the agent inbox is a page of the designer too). */
  const servePage = (req: Request, res: Response, next: NextFunction) => {
    currentPage().then((page) => {
      if (page !== undefined) return sendPage(res, page);
      if (req.path !== '/' && req.path !== '/agent') return next();
      const nonce = newNonce();
      res.setHeader('Content-Security-Policy', designerContentSecurityPolicy({ nonce }));
      res.type('html').send(NOT_BUILT(nonce));
    }, next);
  };
  router.get(['/', '/index.html'], servePage);
  // The built files, each as the smallest copy the browser accepts (made once, at build: nothing is
  // compressed per request); a hashed asset that does not exist (a tab opened before an upgrade asks
  // for the old page's code) is a 404, never the page in its place: the app then says to reload.
  const root = join(resolve(distDir), sep);
  router.get(/.*/, (req, res, next) => {
    if (SERVER_PATHS.test(req.path)) return next();
    const file = fileOf(root, req.path);
    const isAsset = req.path.startsWith('/assets/');
    if (file === undefined) return isAsset ? notFound(res) : servePage(req, res, next);
    serveFile(file).catch(next);
    async function serveFile(file: string) {
      const stats = await stat(file).catch(() => undefined);
      if (!stats?.isFile()) return isAsset ? notFound(res) : servePage(req, res, next);
      // The copies the build wrote (the smallest the browser accepts is sent: nothing is compressed per request).
      const copies = await Promise.all(PRECOMPRESSED.map(async (c) => ((await stat(file + c.suffix).catch(() => undefined))?.isFile() ? c : undefined)));
      const available = copies.filter((c) => c !== undefined);
      const chosen = encodingFor(
        req.headers['accept-encoding'],
        available.map((c) => c.encoding),
      );
      // The answer depends on the request's Accept-Encoding, whether or not it was compressed this time.
      res.setHeader('Vary', 'Accept-Encoding');
      if (chosen === false) {
        res.status(406).setHeader('Cache-Control', 'no-store');
        return res.type('text/plain').send('Not acceptable: this file exists only as it is, and the request refuses it (identity;q=0)');
      }
      const copy = available.find((c) => c.encoding === chosen);
      const served = copy ? file + copy.suffix : file;
      const encoding = copy?.encoding;
      res.setHeader('Cache-Control', cacheControlOf(req.path));
      // The type of the file, not of its compressed copy (`send` keeps a type already set).
      res.type(extname(file) || 'application/octet-stream');
      if (encoding) res.setHeader('Content-Encoding', encoding);
      // Dot-files are refused by fileOf; `allow` lets a designer built under a dot-folder be served.
      res.sendFile(served, { cacheControl: false, dotfiles: 'allow' }, (error) => {
        // Removed between the stat and the read (a build under way): as if never there.
        if (error && !res.headersSent) notFound(res);
      });
    }
  });
  return router;
}
