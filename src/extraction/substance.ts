import { type ExtractionContext, isFree, makeEntity } from './context.ts';
import { allMatches } from './text-utils.ts';
import type { Entity } from './types.ts';

/** Lexicon: folded-text pattern (word-bounded) -> normalized substance. Specific products first. */
const LEXICON: [RegExp, string][] = [
  [
    /cannabino[iï]des? de synthese|ptc|pete ton crane|petes? ton crane|buddha ?blue|spice|hhc|5f-?adb|k2 spice/,
    'cannabinoides_synthese',
  ],
  [
    /shit|teush|teuch|tesh|resine|barrettes?|hasch|haschich|haschisch|hashish|hash|haschisch|pollen|chichon|boulettes? de shit|savonnettes?|plaquettes? de shit|zetla/,
    'cannabis_resine',
  ],
  [/beuh|beuze?|herbe|weed|ganja|skunk|amnesia|kush|zeb/, 'cannabis_herbe'],
  [/cannabis|canna|marijuana|marie[ -]jeanne|joints?|oinjs?|bedos?|spliffs?|tarpes?/, 'cannabis'],
  [/crack|cailloux? de crack|free ?base|galettes? de crack|kecra/, 'crack'],
  [/cocaine|coke|cc|cokeine|coco|poudre blanche|keco/, 'cocaine'],
  [/heroine|hero|hero[iï]ne|brown|rabla|dreu|poudre brune/, 'heroine'],
  [/mdma|ecstasy|ecstas?|extasy|extas?|xtc|taz|tazs|molly|md/, 'mdma'],
  [/ketamine|keta|ket|ke|special k/, 'ketamine'],
  [/methamphetamines?|meth|crystal meth|crystal|ice/, 'methamphetamine'],
  [/amphetamines?|amphets?|amphes?|speed/, 'amphetamine'],
  [/lsd|buvards?|acides?|trips?/, 'lsd'],
  [
    /protoxyde d'azote|protoxyde|proto|gaz hilarant|bonbonnes?|capsules? de gaz|cartouches? de (?:gaz|proto)|ballons? de (?:gaz|proto)|n2o/,
    'protoxyde_azote',
  ],
  [
    /lyrica|pregabaline|subutex|rivotril|xanax|tramadol|methadone|codeine|lean|oxycodone|skenan|morphine|valium|buprenorphine|artane|ritaline|zolpidem|stilnox|fentanyl|medocs|medicaments? detournes?|benzos?|cachets de lyrica|tranquillisants|antidouleurs?/,
    'medicaments',
  ],
  [/champignons? hallucinogenes|champignons?|champis?|psilos?|psilocybes?|truffes? magiques/, 'champignons'],
];

/** Generic drug words: give `unspecified` only when no specific product is named. */
const GENERIC =
  /(?<![a-z])(drogues?|stupefiants?|stups?|came|produits? stupefiants?|du produit|le produit|de la dope|dope|substances?|matos|pochons?|trafic de drogue|stupefiant)(?![a-z])/g;

// Compiled once: each lexicon pattern with word boundaries, matched on folded text.
const COMPILED: [RegExp, string][] = LEXICON.map(([re, value]) => [
  new RegExp(`(?<![a-z0-9])(?:${re.source})(?![a-z0-9])`, 'g'),
  value,
]);
/** "C" alone is cocaine only as an uppercase standalone after an article ("de la C", "la C"). */
const LETTER_C = /(?<![A-Za-z])(?:de la|la|d'la|en|du) C(?![A-Za-z'’])/g;

function isFalseFriend(folded: string, value: string, word: string, start: number, end: number): boolean {
  const before = folded.slice(Math.max(0, start - 25), start);
  const after = folded.slice(end, end + 25);
  switch (word) {
    case 'ke':
      // "de la ké" (SMS "ke" is "que"): only after "de la".
      return !/de la $/.test(before);
    case 'herbe':
      // "sur l'herbe", "mauvaises herbes": lawns, not cannabis, unless smoking is said.
      return (
        /(?:(?:sur|dans|a|tondre|couper) l' ?|mauvaises? |brins? d')$/.test(before) &&
        !/fum|vend|deal/.test(after)
      );
    case 'cc':
      // "cc" as a greeting at the start, "50cc" engine size.
      return (
        /^\s*$/.test(before) ||
        /\d ?$/.test(before) ||
        /^ ?(?:tlm|tout le monde|a tous|ca va|cv|les (?:gens|gars|amis))/.test(after)
      );
    case 'coco':
      return !/(?:de la|la|du) $/.test(before);
    case 'acide':
    case 'acides':
      return /(?:a l'|attaque|jet|projection)/.test(before) || !/(?:de l'|des |d'|un |l')$/.test(before);
    case 'trip':
    case 'trips':
      return !/(?:des |un |de |d')$/.test(before);
    case 'ice':
    case 'crystal':
    case 'brown':
    case 'lean':
    case 'speed':
    case 'zeb':
    case 'ket':
    case 'md':
    case 'hero':
    case 'dreu':
      // Slang that is also an ordinary word: needs a partitive/article and no verb use.
      return (
        !/(?:(?:de la|du|la|le|en|des|de) |de l'|d'|l')$/.test(before) ||
        /^ ?(?:de (?:la )?(?:musique|voiture))/.test(after)
      );
    case 'bonbonne':
    case 'bonbonnes':
      return /(?:gaz|butane|propane|eau) ?$/.test(before) || /^ ?(?:de gaz|de butane|d'eau)/.test(after);
    case 'champignon':
    case 'champignons':
    case 'champi':
    case 'champis':
      return /(?:pizza|omelette|sauce|cueill)/.test(before + after);
    case 'spice':
    case 'joint':
    case 'joints':
      return /(?:de culasse|silicone|plomberie)/.test(after);
    case 'ballon':
    case 'barrette':
    case 'barrettes':
      return /(?:cheveux|memoire)/.test(after);
    default:
      return value === '' && false;
  }
}

/** Finds drugs named in the message, mapped to the normalized substance list (slang included). */
export function extractSubstances(ctx: ExtractionContext): Entity[] {
  const out: Entity[] = [];
  const f = ctx.folded;
  for (const [re, value] of COMPILED) {
    for (const m of allMatches(re, f)) {
      const start = m.index;
      const end = start + m[0].length;
      if (isFalseFriend(f, value, m[0], start, end) || !isFree(ctx, start, end)) continue;
      out.push(makeEntity(ctx, 'substance', value, start, end));
    }
  }
  for (const m of allMatches(LETTER_C, ctx.text)) {
    const end = m.index + m[0].length;
    out.push(makeEntity(ctx, 'substance', 'cocaine', end - 1, end));
  }
  // The generic "cannabis" adds nothing when the form (resin, herb) is named.
  if (out.some((e) => e.value === 'cannabis_resine' || e.value === 'cannabis_herbe')) {
    return out.filter((e) => e.value !== 'cannabis');
  }
  if (out.length === 0) {
    for (const m of allMatches(GENERIC, f)) {
      out.push(makeEntity(ctx, 'substance', 'unspecified', m.index, m.index + m[0].length));
    }
  }
  return out;
}
