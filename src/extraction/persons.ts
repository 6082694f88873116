import { claim, type ExtractionContext, isFree, makeEntity } from './context.ts';
import { allMatches, NUMBER_WORDS_SOURCE, parseNumberRange } from './text-utils.ts';
import type { Entity } from './types.ts';

/** Nouns of people that a number before them counts (exported for the times: "vingt heures deux mecs"). */
export const PEOPLE =
  '(?:jeunes|individus|personnes|mecs|gars|types|hommes|femmes|garcons|gamins|ados|adolescents|mineurs|dealers|dealeurs|' +
  'vendeurs|guetteurs|choufs|chouffeurs|gens|filles|meufs|nanas|keums|gosses|enfants|petits|racailles|lascars|charbonneurs|' +
  'clients|consommateurs|toxicos|suspects|agresseurs|bonhommes|zonards|inconnus|hommes cagoules|cagoules|adultes|' +
  'majeurs|voyous|caids|revendeurs|livreurs|gaillards|costauds|jeunots|collegiens|lyceens|etudiants|occupants|passagers|' +
  'individu|personne|loustics|mineures|jeunes filles|jeunes hommes|potes|amis|freres|s(?:oe|œ)urs|copains|migrants|sdf|' +
  'squatteurs|nourrices|eleves|collegiennes|lyceennes|jeunes gens|ados?|mecs?|lascars|gus|zigotos|charbonneurs|vigies|guetteuses|vendeuses|femmes voilees)';
const NUMBER = `(\\d{1,3}|${NUMBER_WORDS_SOURCE})`;
// A bare space also joins a range as people say it ("3 4 gars", "dans les 6 7"); words ("deux trois")
// are one NUMBER_WORDS run, split by parseNumberRange.
const RANGE = `${NUMBER}(?:( ?(?:ou|a|à|-|/|voire|et) ?| )${NUMBER})?`;
const ADJ = '(?:(?:petits?|grands?|jeunes|autres|gros|grosses|nouveaux|memes|individus|autres) )?';
/** "3 jeunes", "deux individus", "4 ou 5 personnes", "entre 5 et 10 mecs", "3-4 gars". */
const COUNT_NOUN = new RegExp(`(?<![\\d,.:/a-z])(?:entre )?${RANGE} ${ADJ}${PEOPLE}(?![a-z])`, 'g');
const GROUP_VERB =
  '(?:sont|etaient|seront|sont toujours|sont souvent|sont generalement|se mettent|viennent|arrivent|tournent|trainent|restent)';
const GROUP_NOUN = "(?:bande|groupe|equipe|reunion|rassemblement|attroupement) (?:d'environ |de |d')";
/** "ils sont 4 ou 5", "ils étaient environ 6", "on était à 3", "une bande de 6", "un groupe de dix". */
const GROUP_COUNT = new RegExp(
  `(?<![a-z])(?:(?:ils|elles|on|${PEOPLE}) ${GROUP_VERB}|${GROUP_NOUN})` +
    ` ?(?:(?:environ|a peu pres|au moins|facilement|bien|plus de|pres de|a|au nombre de|genre|tjrs|toujours|souvent|parfois|en general|en moyenne|minimum|dans les|entre) )*${RANGE}(?!\\d|[,.]\\d|[a-z]| ?(?:ans|h|heures?|minutes?|min|euros?|€|g|kg|grammes?|m|metres?|km|jours?|fois)(?![a-z]))`,
  'g',
);
const APPROX =
  /(?<![a-z])(une|la|d'une|quelque) (dizaine|douzaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|centaine)(?![a-z])( (?:de|d')(?: (?:jeunes|personnes|mecs|individus|gars|types|ados|gamins|dealers|vendeurs|gens|hommes))?)?/g;
/** Every GROUP_COUNT match contains one of these: a cheap test that lets most messages skip that pattern. */
const GROUP_HINT = new RegExp(` ${GROUP_VERB}|${GROUP_NOUN}`);
const APPROX_VALUES: Record<string, number> = {
  dizaine: 10,
  douzaine: 12,
  quinzaine: 15,
  vingtaine: 20,
  trentaine: 30,
  quarantaine: 40,
  cinquantaine: 50,
  centaine: 100,
};

/** The upper bound of a count or range; with a bare space, only a small step up is a range ("3 4", not "12 3"). */
function upperBound(
  a: string | undefined,
  separator: string | undefined,
  b: string | undefined,
): number | null {
  const x = a ? parseNumberRange(a) : null;
  const y = b ? parseNumberRange(b) : null;
  if (x === null) return null;
  if (y === null) return x.high;
  if (separator === ' ' && !(y.high > x.high && y.high - x.high <= 5)) return y.high;
  return Math.max(y.high, x.high);
}

/** Finds how many people are involved ("3 jeunes", "deux individus", "4 ou 5" -> 5, "une dizaine" -> 10). */
export function extractPersons(ctx: ExtractionContext): Entity[] {
  const out: Entity[] = [];
  const f = ctx.folded;
  const push = (n: number | null, start: number, end: number) => {
    if (n === null || n < 2 || n > 500 || !isFree(ctx, start, end)) return;
    out.push(makeEntity(ctx, 'persons', String(n), start, end));
    claim(ctx, start, end);
  };
  for (const m of allMatches(COUNT_NOUN, f)) {
    push(upperBound(m[1], m[2], m[3]), m.index, m.index + m[0].length);
  }
  const groupCounts = GROUP_HINT.test(f) ? allMatches(GROUP_COUNT, f) : [];
  for (const m of groupCounts) {
    push(upperBound(m[1], m[2], m[3]), m.index, m.index + m[0].length);
  }
  // All the APPROX nouns ("dizaine", "centaine"...) end in "aine".
  const approximations = f.includes('aine') ? allMatches(APPROX, f) : [];
  for (const m of approximations) {
    const start = m.index;
    const end = start + m[0].length;
    const after = f.slice(end, end + 12);
    // "une trentaine d'années" is an age; "une dizaine de minutes/grammes" is not a group.
    if (/^ ?(?:d'annees|d'ans|ans|annees)/.test(after) || /(?:d'annees|ans)$/.test(m[0])) continue;
    if (m[3] === undefined || /^ (?:de|d')$/.test(m[3])) {
      const tail = f.slice(end, end + 25);
      const before = f.slice(Math.max(0, start - 25), start);
      const group =
        /(?:ils|elles) (?:sont|etaient)(?: (?:environ|a peu pres|bien))? $|(?:bande|groupe) (?:de |d')$/.test(
          before,
        );
      if (!group && m[3] === undefined) continue;
      if (
        m[3] !== undefined &&
        !/^ ?(?:de |d')?(?:jeunes|personnes|mecs|individus|gars|types|ados|gamins|dealers|vendeurs|gens|hommes|femmes|filles|garcons|enfants|mineurs|guetteurs|clients)/.test(
          tail,
        )
      ) {
        continue;
      }
    }
    push(APPROX_VALUES[m[2] ?? ''] ?? null, start, end);
  }
  return out;
}
