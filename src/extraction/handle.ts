import { claim, type ExtractionContext, isFree, makeEntity } from './context.ts';
import { allMatches } from './text-utils.ts';
import type { Entity } from './types.ts';

const PLATFORM =
  '(?:snap(?:chat)?|sc|insta(?:gram)?|ig|telegram|telegramme|tg|tele|signal|tiktok|tik tok|twitter|x|facebook|fb|whatsapp|discord|potato|threads)(?![a-z])';
/** "Snap : plug_doubs", "sur insta c'est @xxx", "telegram -> xxx", "son snap plug25". */
const AFTER_PLATFORM = new RegExp(
  `(?<![a-z0-9])${PLATFORM}(?: ?(?::|=|->|→|-|>)| (?:c'est|cest|c|est|s'appelle|sappelle|nom|pseudo|compte|id|@|le compte|en)){0,2} ?(@?)([a-z0-9_][a-z0-9_.\\-]{1,29})`,
  'g',
);
/** A handle given before its network: "ajoute plug.besak sur snap", "'la_frappe25' sur insta". */
const BEFORE_PLATFORM = new RegExp(
  `(?<![a-z0-9_.@])(?:(["'«] ?)([a-z0-9_][a-z0-9_.]{1,29})(?<!\\.) ?["'»]|([a-z_][a-z0-9]*(?:[_.][a-z0-9]+)+_?|[a-z_]{2,}[0-9]{1,4}[a-z_]*))` +
    ` (?:sur|via|en|on) (?:le |son |leur |mon |ton )?${PLATFORM}`,
  'g',
);
const AT_HANDLE = /(?<![a-z0-9_.@])@([a-z0-9_][a-z0-9_.]{1,29})/g;
const LINKS =
  /(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|instagram\.com|snapchat\.com\/add|tiktok\.com\/@?|twitter\.com|x\.com)\/([a-z0-9_][a-z0-9_.]{1,31})/g;
/** Any URL or domain: its parts are not handles ("https", "t.me"). */
const URL =
  /(?:https?:\/\/\S+|(?<![a-z0-9_.@])(?:www\.)?[a-z0-9-]+\.(?:me|com|fr|net|org|io|gg|ly)(?![a-z0-9_])(?:\/\S*)?)/g;
/** Handle-shaped words near a platform name ("sur Snap il s'appelle la_frappe25", "sous le nom de bigboss.dole"). */
const HANDLE_SHAPE =
  /(?<![a-z0-9_.@'])'?([a-z_][a-z0-9]*(?:[_.][a-z0-9]+)+[_]?|[a-z_]{2,}[0-9]{1,4}[a-z_]*)'?(?![a-z0-9_@]|\.[a-z0-9])/g;
const PLATFORM_NEAR = new RegExp(`(?<![a-z0-9])(?:${PLATFORM}|compte|pseudo|profil)`, 'g');
const PSEUDO =
  /(?<![a-z0-9])(?:pseudo|compte|identifiant)(?: ?:| (?:c'est|est|s'appelle))? ?@?([a-z0-9_.]*[_.0-9][a-z0-9_.]*)(?![a-z0-9_.])/g;
const NOT_HANDLES = new Set([
  'de',
  'du',
  'des',
  'le',
  'la',
  'les',
  'et',
  'ou',
  'il',
  'ils',
  'elle',
  'on',
  'pour',
  'sur',
  'avec',
  'dans',
  'en',
  'un',
  'une',
  'ca',
  'ce',
  'cest',
  'c',
  'qui',
  'que',
  'mais',
  'aussi',
  'pas',
  'ne',
  'je',
  'tu',
  'nous',
  'vous',
  'mon',
  'son',
  'sa',
  'leur',
  'leurs',
  'a',
  'au',
  'aux',
  'par',
  'story',
  'stories',
  'groupe',
  'canal',
  'message',
  'messages',
  'menu',
  'compte',
  'pseudo',
  'nom',
  'numero',
  'livraison',
  'tel',
  'telephone',
  'photo',
  'photos',
  'video',
  'videos',
  'snap',
  'insta',
  'telegram',
  'ils',
  'y',
  'ya',
  'meme',
  'tous',
  'tout',
  'tlm',
  'publie',
  'publient',
  'poste',
  'postent',
  'envoie',
  'envoient',
  'vend',
  'vendent',
  'propose',
  'proposent',
  'ont',
  'est',
  'sont',
  'etait',
  'pub',
  'annonce',
  'annonces',
  'quelqu',
  'plusieurs',
  'si',
  'via',
  'chaque',
  'depuis',
  'contact',
  'lien',
  'liens',
  'privee',
  'prive',
  'public',
  'reseaux',
  'plug',
  "c'est",
  'sappelle',
  "s'appelle",
  'ici',
  'la-bas',
  'fais',
  'fait',
  'font',
  'voir',
]);

/** Every URL and LINKS match contains "://" or one of these domain endings. */
const DOMAIN_ENDING = /\.(?:me|com|fr|net|org|io|gg|ly)/;

/** Cheap test run first: most messages hold no URL, and the URL pattern is slow to rule out. */
function mayHaveLinks(folded: string): boolean {
  return folded.includes('://') || DOMAIN_ENDING.test(folded);
}

function cleanHandle(raw: string): string {
  return raw.replace(/[.\-_]+$/, '').toLowerCase();
}

/** Finds social-network handles (Snap, Insta, Telegram, Signal, t.me links), lowercase without "@". */
export function extractHandles(ctx: ExtractionContext): Entity[] {
  const out: Entity[] = [];
  const f = ctx.folded;
  const push = (raw: string, start: number) => {
    const value = cleanHandle(raw);
    const end = start + value.length;
    if (value.length < 2 || NOT_HANDLES.has(value) || !isFree(ctx, start, end)) return;
    out.push(makeEntity(ctx, 'handle', value, start, end));
    claim(ctx, start, end);
  };
  if (mayHaveLinks(f)) {
    for (const m of allMatches(URL, f)) claim(ctx, m.index, m.index + m[0].length);
    for (const m of allMatches(LINKS, f)) {
      const raw = m[1] ?? '';
      const start = m.index + m[0].length - raw.length;
      ctx.claimed.fill(0, start, start + raw.length);
      push(raw, start);
      claim(ctx, m.index, m.index + m[0].length);
    }
  }
  for (const m of allMatches(AT_HANDLE, f)) {
    const raw = m[1] ?? '';
    if (/^\d+$/.test(raw)) continue;
    push(raw, m.index + 1);
  }
  // Most messages name no network: skip that pattern unless " sur/via/en…" comes before one.
  const beforePlatform = / (?:sur|via|en|on) /.test(f) ? allMatches(BEFORE_PLATFORM, f) : [];
  for (const m of beforePlatform) {
    const raw = m[2] ?? m[3] ?? '';
    if (/^\d+$/.test(raw)) continue;
    push(raw, m.index + (m[1]?.length ?? 0));
  }
  for (const m of allMatches(AFTER_PLATFORM, f)) {
    const raw = m[2] ?? '';
    const platform = m[0].slice(0, m[0].search(/[^a-z]/) === -1 ? m[0].length : m[0].search(/[^a-z]/));
    // "x" and "sc" alone are too common: only with a clear handle after.
    if (
      (platform === 'x' || platform === 'sc' || platform === 'tele' || platform === 'fb') &&
      !m[1] &&
      !/[_\d.]/.test(raw)
    )
      continue;
    // A plain word after the platform name is a handle only with a separator or an "@" ("snap : dealer25").
    const hasSeparator = /[:=>→@]|c'est|cest|s'appelle|sappelle|pseudo|compte|nom|id/.test(m[0]);
    if (!hasSeparator && !/[_\d.]/.test(raw)) continue;
    if (/^\d+$/.test(raw) || /^0\d{9}$/.test(raw.replace(/\D/g, ''))) continue;
    push(raw, m.index + m[0].length - raw.length);
  }
  for (const p of allMatches(PLATFORM_NEAR, f)) {
    const from = p.index + p[0].length;
    const window = f.slice(from, from + 45);
    for (const m of allMatches(HANDLE_SHAPE, window)) {
      const raw = m[1] ?? '';
      push(raw, from + m.index + m[0].indexOf(raw));
    }
  }
  for (const m of allMatches(PSEUDO, f)) {
    const raw = m[1] ?? '';
    if (/^\d+$/.test(raw)) continue;
    push(raw, m.index + m[0].length - raw.length);
  }
  return out;
}
