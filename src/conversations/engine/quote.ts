/** A citizen's words made safe to quote inside one line of what the bot says (the summary's items). */

// Format characters (\p{Cf}): the bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
// U+061C), zero-width characters, the soft hyphen, the byte-order mark… invisible, and some reorder
// what follows them on screen.
const FORMAT_CHARACTERS = /\p{Cf}/gu;
// Line breaks (also U+2028, U+2029, U+0085), tabs and other control characters, and any run of spaces.
const BREAKS_AND_SPACES = /[\s\p{Cc}\p{Z}]+/gu;
// What marks a list item where someone writes one; inside an item, at its start, it means nothing.
const LEADING_BULLETS = /^[-•*·–—‣◦▪●○■□►▶→\s]+/u;

/**
 * The citizen's text as one line: format characters removed, line breaks and runs of spaces made one
 * space, leading bullet-like characters dropped, and at most `max` characters (code points, so that an
 * emoji is never cut in two), a shortened text ending with "…".
 */
export function quoteOneLine(text: string, max: number): string {
  const line = text
    .replace(FORMAT_CHARACTERS, '')
    .replace(BREAKS_AND_SPACES, ' ')
    .replace(LEADING_BULLETS, '')
    .trim();
  const chars = Array.from(line);
  return chars.length > max ? `${chars.slice(0, max).join('').trimEnd()}…` : line;
}
