/** Words that start many commune names and are spelled in several ways. */
const TOKEN_ALIASES: Record<string, string> = { st: 'saint', ste: 'sainte', sts: 'saints', stes: 'saintes' };

/** Normalizes a commune name or a piece of text into index key tokens: folded, no hyphens/apostrophes, "St" = "Saint". */
export function keyTokens(name: string): string[] {
  // Same folding as foldText (accents off, lowercase) but faster: offsets are not needed for keys.
  const folded = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const tokens = folded.match(/[a-z0-9œæ]+/g) ?? [];
  return tokens.map((t) => TOKEN_ALIASES[t] ?? t);
}

/** The index key of a commune name ("Saint-Vit" and "St Vit" give "saint vit"). */
export function communeKey(name: string): string {
  return keyTokens(name).join(' ');
}
