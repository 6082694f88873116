import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { type BuiltStylesheet, buildStylesheet, dsfrClassesInSources } from './citizen-stylesheet.ts';

const require = createRequire(import.meta.url);

/** Where the DSFR distribution lives (resolved through node so a hoisted install also works). */
const DSFR_DIST = path.join(path.dirname(require.resolve('@gouvfr/dsfr/package.json')), 'dist');
const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');

/**
 * The DSFR stylesheets the pages link, in cascade order: the core plus only the components we use.
 * The full dsfr.min.css is ~90 KB gzipped; this subset keeps the first load well under budget.
 */
export const DSFR_STYLESHEETS = [
  '/dsfr/core/core.min.css',
  '/dsfr/component/skiplink/skiplink.main.min.css',
  '/dsfr/component/header/header.main.min.css',
  '/dsfr/component/footer/footer.main.min.css',
  '/dsfr/component/link/link.main.min.css',
  '/dsfr/component/button/button.main.min.css',
  '/dsfr/component/callout/callout.main.min.css',
  '/dsfr/component/alert/alert.main.min.css',
  '/dsfr/component/form/form.main.min.css',
  '/dsfr/component/input/input.main.min.css',
  '/dsfr/component/checkbox/checkbox.main.min.css',
  '/dsfr/component/upload/upload.main.min.css',
  '/dsfr/component/tile/tile.main.min.css',
  '/dsfr/component/badge/badge.main.min.css',
] as const;

/** What the citizen pages' one stylesheet is made of, in cascade order: the DSFR subset, then ours. */
export const CITIZEN_STYLESHEET_SOURCES = [...DSFR_STYLESHEETS, '/assets/vigie.css'] as const;

/** The police console's stylesheets (src/console), in cascade order: the core plus its components. */
export const CONSOLE_DSFR_STYLESHEETS = [
  '/dsfr/core/core.min.css',
  '/dsfr/component/skiplink/skiplink.main.min.css',
  '/dsfr/component/logo/logo.main.min.css',
  '/dsfr/component/header/header.main.min.css',
  '/dsfr/component/navigation/navigation.main.min.css',
  '/dsfr/component/link/link.main.min.css',
  '/dsfr/component/button/button.main.min.css',
  '/dsfr/component/alert/alert.main.min.css',
  '/dsfr/component/form/form.main.min.css',
  '/dsfr/component/input/input.main.min.css',
  '/dsfr/component/select/select.main.min.css',
  '/dsfr/component/radio/radio.main.min.css',
  '/dsfr/component/checkbox/checkbox.main.min.css',
  '/dsfr/component/table/table.main.min.css',
  '/dsfr/component/badge/badge.main.min.css',
  '/dsfr/component/tag/tag.main.min.css',
] as const;

/** Icons referenced by vigie.css or by the DSFR components above. */
const DSFR_ICONS = [
  'icons/device/phone-line.svg',
  'icons/system/logout-box-r-line.svg',
  'icons/system/lock-line.svg',
  'icons/system/close-line.svg',
  'icons/system/delete-bin-line.svg',
  'icons/system/external-link-line.svg',
  'icons/system/question-line.svg',
  'icons/system/search-line.svg',
  'icons/system/menu-fill.svg',
  'icons/system/fr--error-fill.svg',
  'icons/system/fr--info-fill.svg',
  'icons/system/fr--success-fill.svg',
  'icons/system/fr--warning-fill.svg',
  'icons/communication/chat-3-line.svg',
  'icons/communication/chat-check-line.svg',
  'icons/document/file-text-line.svg',
  'icons/media/image-add-line.svg',
  'icons/arrows/arrow-right-line.svg',
];

/** Everything under /dsfr/ that may be served: an allow-list, so analytics and JS never leave. */
const DSFR_ALLOWED = new Set<string>([
  ...DSFR_STYLESHEETS.map((href) => href.slice('/dsfr/'.length)),
  ...CONSOLE_DSFR_STYLESHEETS.map((href) => href.slice('/dsfr/'.length)),
  'icons/arrows/arrow-down-s-line.svg',
  'icons/system/checkbox-circle-line.svg',
  ...DSFR_ICONS,
  // Regular (also drawing the medium weight, see vigie.css) and Bold (headings); no italics.
  'fonts/Marianne-Regular.woff2',
  'fonts/Marianne-Bold.woff2',
  'favicon/favicon.svg',
  'favicon/favicon.ico',
  'favicon/apple-touch-icon.png',
]);

/** Says whether a /dsfr/ path (relative, without the prefix) is on the allow-list. */
export function isServedDsfrFile(relativePath: string): boolean {
  return DSFR_ALLOWED.has(relativePath.replace(/^\/+/, ''));
}

let citizen: BuiltStylesheet | undefined;

/**
 * The citizen pages' one stylesheet (CITIZEN_STYLESHEET_SOURCES bundled and minified by lightningcss),
 * built on first use and kept for the life of the process; its URL carries its content hash.
 */
export function citizenStylesheet(): BuiltStylesheet {
  citizen ??= buildStylesheet(
    CITIZEN_STYLESHEET_SOURCES,
    (pathname) => pathname.startsWith('/dsfr/') && isServedDsfrFile(pathname.slice('/dsfr/'.length)),
    'vigie',
    dsfrClassesInSources(),
  );
  return citizen;
}

/** The font files every citizen page uses, preloaded by the layout. */
export const PRELOADED_FONTS = [
  '/dsfr/fonts/Marianne-Regular.woff2',
  '/dsfr/fonts/Marianne-Bold.woff2',
] as const;

const ONE_WEEK_MS = 7 * 24 * 3600 * 1000;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The encoding to answer with: brotli, else gzip, else none (a `q=0` refuses one). */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  const accepted = new Set<string>();
  for (const item of (acceptEncoding ?? '').split(',')) {
    const [token = '', ...params] = item.trim().toLowerCase().split(';');
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) continue;
    accepted.add(token.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return null;
}

/** An error of @fastify/static: its own (statusCode) or one of `send` (http-errors: status, headers). */
type StaticError = FastifyError & { status?: number; headers?: Record<string, string> };

/**
 * Serves /dsfr/ (allow-listed DSFR files) and /assets/ (src/web/public) with long public caching:
 * these files carry nothing personal, and caching spares slow phone lines.
 */
export async function registerStaticAssets(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    // What the plugin refuses (a dotfile, a path climbing out of its root, a directory, a null byte) it
    // reports as a 400 or 403 error; to a client these files simply do not exist, and to the logs this is
    // no failure. A conditional or range request it cannot satisfy keeps its status, in the catalogue's
    // words. Anything else (a read error: 5xx) goes on to the app's error handler.
    scope.setErrorHandler((error: StaticError, _request, reply) => {
      const status = error.statusCode ?? error.status ?? 500;
      if (status === 412) throw new AppError('precondition_failed');
      if (status === 416) {
        const range = error.headers?.['Content-Range'];
        if (range) reply.header('content-range', range);
        throw new AppError('range_not_satisfiable');
      }
      if (status >= 400 && status < 500) return reply.callNotFound();
      throw error;
    });
    // The bundle, compressed once at build time (the compress plugin would redo it on every request).
    const sheet = citizenStylesheet();
    scope.get(sheet.url, { compress: false }, (request, reply) => {
      reply
        .header('content-type', 'text/css; charset=utf-8')
        .header('cache-control', IMMUTABLE)
        .header('vary', 'accept-encoding')
        .header('etag', sheet.etag);
      if (request.headers['if-none-match'] === sheet.etag) return reply.code(304).send();
      const encoding = pickEncoding(request.headers['accept-encoding']);
      if (encoding) reply.header('content-encoding', encoding);
      return reply.send(encoding === 'br' ? sheet.brotli : encoding === 'gzip' ? sheet.gzip : sheet.body);
    });
    await scope.register(fastifyStatic, {
      root: DSFR_DIST,
      prefix: '/dsfr/',
      decorateReply: false,
      index: false,
      list: false,
      dotfiles: 'deny',
      maxAge: ONE_WEEK_MS,
      allowedPath: (pathName) => isServedDsfrFile(pathName),
    });
    await scope.register(fastifyStatic, {
      root: PUBLIC_DIR,
      prefix: '/assets/',
      decorateReply: false,
      index: false,
      list: false,
      dotfiles: 'deny',
      maxAge: ONE_WEEK_MS,
    });
  });
}
