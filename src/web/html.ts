/**
 * Escape-by-default HTML templating. Every interpolated value is escaped unless it is a `SafeHtml`
 * built by this module, so forgetting to escape is impossible rather than merely unlikely.
 */

/** A fragment of HTML that is already safe to emit as is (built by `html` or `unsafeRaw`). */
export class SafeHtml {
  readonly value: string;

  constructor(value: string) {
    this.value = value;
  }

  toString(): string {
    return this.value;
  }
}

/** What a template accepts: text and numbers are escaped, fragments are trusted, empties vanish. */
export type HtmlValue = string | number | SafeHtml | null | undefined | boolean | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for use in element content or in a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => ESCAPES[char] ?? char);
}

// Schemes a link we build may use; anything else (javascript:, data:, vbscript:…) is neutralised.
const SAFE_URL = /^(?:https?:\/\/|mailto:|tel:|sms:|\/(?![/\\])|#|\?|\.{1,2}\/)/i;

/**
 * Returns `url` if it is a relative path, a fragment or an http(s)/mailto/tel/sms address, else `#`.
 * Control characters and spaces are stripped first because browsers ignore them inside schemes
 * (`java\tscript:` is still JavaScript).
 */
export function safeUrl(url: string): string {
  let compact = '';
  for (const char of url) {
    const code = char.charCodeAt(0);
    if (code > 0x20 && code !== 0x7f) compact += char;
  }
  return SAFE_URL.test(compact) ? compact : '#';
}

// An interpolation right after one of these attribute openings is a URL and gets `safeUrl`.
const URL_ATTRIBUTE = /\s(?:href|src|action|formaction|poster|cite)\s*=\s*["']$/i;
// An interpolation right after `=` with no quote could break out of the attribute with a space.
const UNQUOTED_ATTRIBUTE = /=\s*$/;

function renderValue(value: HtmlValue, inUrl: boolean): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map((item) => renderValue(item, inUrl)).join('');
  if (typeof value === 'number') return escapeHtml(String(value));
  if (typeof value === 'string') return escapeHtml(inUrl ? safeUrl(value) : value);
  throw new TypeError(`html: valeur non rendable (${typeof value})`);
}

/**
 * Tagged template producing a `SafeHtml`: `html\`<p>${userText}</p>\``. Attribute values must be
 * quoted (an unquoted interpolation throws while developing), and URL attributes (href, src, action…)
 * pass through `safeUrl`, so a hostile `javascript:` link is rendered as `#`.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    const before = strings[i] ?? '';
    if (UNQUOTED_ATTRIBUTE.test(before)) {
      throw new Error(`html: valeur d'attribut non entourée de guillemets après « ${before.slice(-20)} »`);
    }
    out += renderValue(values[i], URL_ATTRIBUTE.test(before)) + (strings[i + 1] ?? '');
  }
  return new SafeHtml(out);
}

/** Marks a trusted constant string as HTML. Never pass user input here. */
export function unsafeRaw(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}

/** Joins fragments with an optional safe separator. */
export function joinHtml(parts: readonly HtmlValue[], separator: SafeHtml = new SafeHtml('')): SafeHtml {
  return new SafeHtml(parts.map((part) => renderValue(part, false)).join(separator.value));
}
