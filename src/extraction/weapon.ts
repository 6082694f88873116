import { type ExtractionContext, makeEntity } from './context.ts';
import { allMatches } from './text-utils.ts';
import type { Entity } from './types.ts';

const WEAPONS: [RegExp, string][] = [
  [
    /armes? a feu|armes? de poing|pistolets?|flingues?|fusils?(?: a pompe| de chasse| d'assaut)?|kalachnikovs?|kalach|kalash|kalashnikovs?|kalas?|ak[ -]?47|revolvers?|glocks?|carabines?|calibres?|9 ?mm|gun|guns|armes? automatiques?|pompe|coups? de feu|tirs? (?:a balles reelles|d'arme a feu)|douilles?|uzi|mitraillettes?|fusillades?/,
    'arme_feu',
  ],
  [
    /couteaux?|machettes?|cutters?|poignards?|opinels?|sabres?|katanas?|surins?|schlass|chlass|crans? d'arret|canifs?|lames?|hachettes?|haches?|baionnettes?|armes? blanches?|tessons?/,
    'arme_blanche',
  ],
];
const COMPILED = WEAPONS.map(
  ([re, v]) => [new RegExp(`(?<![a-z0-9])(?:${re.source})(?![a-z0-9])`, 'g'), v] as const,
);

/** Finds weapons: arme_feu (pistolet, flingue, kalach...) or arme_blanche (couteau, machette, cutter...). */
export function extractWeapons(ctx: ExtractionContext): Entity[] {
  const out: Entity[] = [];
  const f = ctx.folded;
  for (const [re, value] of COMPILED) {
    for (const m of allMatches(re, f)) {
      const word = m[0];
      const start = m.index;
      const before = f.slice(Math.max(0, start - 20), start);
      const after = f.slice(start + word.length, start + word.length + 20);
      if (word === 'pompe' && !/fusil a $/.test(before)) continue;
      if (/^calibres?$/.test(word) && !/(?:un|des|son|le|leur|sorti|avec) $/.test(before)) continue;
      if (/^gun/.test(word) && !/(?:un|des|le|son|leur|avec|sorti) $/.test(before)) continue;
      if (/^lames?$/.test(word) && !/(?:une|la|des|sa|avec) $/.test(before)) continue;
      if (/^lames?$/.test(word) && /^ ?(?:de (?:rasoir|parquet|terrasse)|de fond)/.test(after)) continue;
      if (/^tessons?$/.test(word) && !/^ de (?:bouteille|verre)/.test(after)) continue;
      if (/^haches?$/.test(word) && /(?:enterrer|enterre) la $/.test(before)) continue;
      if (/^kalas?$/.test(word) && !/(?:une|la|des|sa|avec|de|les) $/.test(before)) continue;
      if (
        /^fusillades?$|^coups? de feu$|^douilles?$/.test(word) &&
        /(?:mortiers?|petards?|feux? d'artifice)/.test(before + after)
      ) {
        continue;
      }
      out.push(makeEntity(ctx, 'weapon', value, start, start + word.length));
    }
  }
  return out;
}
