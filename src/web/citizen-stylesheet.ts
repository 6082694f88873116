import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import { type CustomAtRules, type FontFaceProperty, transform, type Visitor } from 'lightningcss';

const require = createRequire(import.meta.url);
const DSFR_DIST = path.join(path.dirname(require.resolve('@gouvfr/dsfr/package.json')), 'dist');
const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
/** The application's sources: where every DSFR class the pages may carry is written. */
const SRC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Every `fr-…` class name written anywhere in src/ (templates, scripts, tests excepted), whole: no class
 * is composed from pieces (static-assets.test.ts checks it), so a DSFR class absent from this set is on
 * no page.
 */
export function dsfrClassesInSources(dir = SRC_DIR): Set<string> {
  const classes = new Set<string>();
  for (const { text } of sourceFiles(dir)) {
    for (const match of text.matchAll(/\bfr-[A-Za-z0-9_-]*[A-Za-z0-9_]/g)) classes.add(match[0]);
  }
  return classes;
}

/** The templates and scripts under `dir` (tests excluded), each with its text: where classes are written. */
export function* sourceFiles(dir = SRC_DIR): Generator<{ name: string; text: string }> {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(?:ts|js)$/.test(entry.name) || entry.name.endsWith('.test.ts')) continue;
    yield { name: entry.name, text: readFileSync(path.join(entry.parentPath, entry.name), 'utf8') };
  }
}

/** The one stylesheet of the citizen pages, built once per process and kept in memory. */
export interface BuiltStylesheet {
  /** `/assets/vigie-<hash>.css`: the hash of the content, so the file may be cached forever. */
  url: string;
  /** The minified CSS, and the same compressed once at build time (never per request). */
  body: Buffer;
  brotli: Buffer;
  gzip: Buffer;
  etag: string;
}

/** What a source of the bundle is: its served URL (to resolve relative url()) and its file. */
interface Source {
  href: string;
  file: string;
}

/** Where a /dsfr/ or /assets/ URL is on disk. */
function sourceOf(href: string): Source {
  if (href.startsWith('/dsfr/')) return { href, file: path.join(DSFR_DIST, href.slice('/dsfr/'.length)) };
  if (href.startsWith('/assets/'))
    return { href, file: path.join(PUBLIC_DIR, href.slice('/assets/'.length)) };
  throw new Error(`feuille de style inconnue : ${href}`);
}

/**
 * The visitor of every source: url() made absolute (the DSFR's are relative to its own tree, `../fonts/…`,
 * and the bundle is served from /assets/), and @font-face rules kept only for the font files we serve,
 * woff2 only, with `font-display: optional` — a font that is not there at the first paint is not swapped in
 * later (that swap moved the whole page: CLS 0.36), it is used from the cache on the next page.
 */
function visitorFor(
  source: Source,
  isServedFont: (pathname: string) => boolean,
  usedClasses: ReadonlySet<string> | undefined,
): Visitor<CustomAtRules> {
  return {
    // A DSFR selector that needs a class no page carries matches nothing: it goes, and its rule with the
    // last one (Lighthouse saw 88 % of the bundle unused on each page; parsing it and matching it were
    // main-thread time on a slow phone). Only the classes of the selector itself count, not those inside
    // :not() or :is() (the visitor sees only a rule's own selectors). The rule is never rewritten whole:
    // lightningcss 1.33 cannot read back some declarations it hands out (`var()`).
    ...(usedClasses && {
      Selector(selector) {
        const dead = selector.some(
          (component) =>
            component.type === 'class' &&
            component.name.startsWith('fr-') &&
            !usedClasses.has(component.name),
        );
        return dead ? [] : undefined;
      },
      RuleExit: { style: (rule) => (rule.value.selectors.length === 0 ? [] : undefined) },
    }),
    Url(url) {
      if (url.url.startsWith('data:')) return url;
      return { ...url, url: new URL(url.url, `http://vigie.invalid${source.href}`).pathname };
    },
    Rule: {
      // `@media screen and (min-width:0\0)` targets IE alone; parsed, its `\0` becomes U+FFFD, which no
      // browser would match and which the second pass could not read back: the rule goes.
      media(rule) {
        return /\\u(?:0000|fffd)|\ufffd/i.test(JSON.stringify(rule.value.query)) ? [] : undefined;
      },
      'font-face'(rule) {
        const properties: FontFaceProperty[] = [];
        for (const property of rule.value.properties) {
          if (property.type === 'custom' && property.value.name === 'font-display') continue;
          if (property.type === 'source') {
            const woff2 = property.value.filter(
              (src) =>
                src.type === 'url' &&
                src.value.format?.type === 'woff2' &&
                isServedFont(new URL(src.value.url.url, `http://vigie.invalid${source.href}`).pathname),
            );
            // A face none of whose files we serve (light, medium, italics, Spectral) is dropped: the
            // browser synthesises it from the faces we do serve instead of asking for a missing file.
            if (woff2.length === 0) return [];
            properties.push({ type: 'source', value: woff2 });
            continue;
          }
          properties.push(property);
        }
        properties.unshift({
          type: 'custom',
          value: {
            name: 'font-display',
            value: [{ type: 'token', value: { type: 'ident', value: 'optional' } }],
          },
        });
        return { ...rule, value: { ...rule.value, properties } };
      },
    },
  };
}

/**
 * Drops the custom properties no `var()` of the stylesheet reads (most of the DSFR's palette: the
 * illustrative colours of components we do not use), until none is left; an unread custom property
 * changes nothing on screen. Our scripts set no custom property.
 */
function withoutUnusedCustomProperties(css: Uint8Array): Uint8Array {
  let code = css;
  for (let pass = 0; pass < 10; pass++) {
    const read = new Set(
      Array.from(
        Buffer.from(code)
          .toString('utf8')
          .matchAll(/var\(\s*(--[\w-]+)/g),
        (m) => m[1],
      ),
    );
    let dropped = 0;
    code = transform({
      filename: 'vigie.css',
      code,
      minify: true,
      visitor: {
        Declaration: {
          custom(property) {
            if (!property.name.startsWith('--') || read.has(property.name)) return undefined;
            dropped++;
            return [];
          },
        },
      },
    }).code;
    if (dropped === 0) break;
  }
  return code;
}

/**
 * Bundles the given stylesheets (served URLs, in cascade order) into one minified stylesheet with
 * lightningcss. The DSFR's IE-only hacks (`@media screen and (min-width:0\0)`) are dropped, as every
 * browser but IE already ignores them.
 */
export function buildStylesheet(
  hrefs: readonly string[],
  isServedFont: (pathname: string) => boolean,
  name = 'vigie',
  /** With it, the DSFR's rules for `fr-` classes outside this set are dropped (dsfrClassesInSources). */
  usedClasses?: ReadonlySet<string>,
): BuiltStylesheet {
  const parts: string[] = [];
  for (const href of hrefs) {
    const source = sourceOf(href);
    const { code } = transform({
      filename: href,
      code: readFileSync(source.file),
      minify: true,
      errorRecovery: true,
      visitor: visitorFor(source, isServedFont, href.startsWith('/dsfr/') ? usedClasses : undefined),
    });
    // Licence comments (`/*! DSFR … */`) are kept once, by the first file that carries them.
    const css = Buffer.from(code).toString('utf8');
    parts.push(parts.length === 0 ? css : css.replace(/^\/\*![\s\S]*?\*\/\s*/, ''));
  }
  let { code } = transform({ filename: `${name}.css`, code: Buffer.from(parts.join('\n')), minify: true });
  code = withoutUnusedCustomProperties(code);
  const body = Buffer.from(code);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return {
    url: `/assets/${name}-${hash}.css`,
    body,
    brotli: brotliCompressSync(body, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
        [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
    gzip: gzipSync(body, { level: 9 }),
    etag: `"${hash}"`,
  };
}
