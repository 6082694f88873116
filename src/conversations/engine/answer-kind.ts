/**
 * Whether a citizen's text answers a "when?" or "where?" question at all. Asked "Quand ?", "3 ou 4
 * jeunes" tells who, not when: filed as the time, it would put a wrong line in the officers' summary.
 */
import type { FlowDefinition, QuestionDef } from './flow-types.ts';
import { squashText } from './text-fold.ts';
import type { Fact } from './types.ts';

// Words that only a moment, a duration or a frequency uses (folded: no accents, lower case).
const TIME_WORDS =
  /\b(?:\d{1,2} ?h\b|\d{1,2}h\d{2}|\d{1,2} \d{2}\b|\d{4}|\d+ ?j|h24|tlj|matin\w*|midi|apres midi|aprem|soir\w*|nuits?|minuit|heures?|jours?|journees?|semaines?|sem|week ?end|we|mois|ans?|annees?|lundis?|mardis?|mercredis?|jeudis?|vendredis?|samedis?|dimanches?|hier|avant hier|aujourd hui|demain|maintenant|moment|actuellement|toujours|souvent|parfois|tout le temps|temps|tps|depuis|pendant|pdt|quand|lorsque|avant|apres|tot|tard|horaires?|fois|regulierement|recemment|chaque|tous les|toutes les|tlm|sans arret|en continu|non stop|il y a (?:longtemps|peu)|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|ete|hiver|printemps|automne|vacances|vacs|rentree|sortie|noel|ramadan|date|enfance|petite?|ado|adolescence|college|lycee|ecole|fac|etais|etait)\b/;

// Words that situate a place: prepositions of place and the kinds of places people name.
const PLACE_WORDS =
  /\b(?:dans|ds|devant|derriere|chez|pres|proche|cote|face|sur|sous|long|coin|bas|haut|entre|niveau|fond|autour|pied|ici|la bas|partout|au \d+|rues?|avenues?|av|bd|boulevards?|chemins?|places?|routes?|impasses?|allees?|quais?|squares?|parcs?|jardins?|halls?|parkings?|cites?|quartiers?|immeubles?|batiments?|bat|blocs?|barres?|tours?|dalles?|residences?|gares?|arrets?|stations?|metro|tram|bus|ecoles?|colleges?|lycees?|centres?|magasins?|supermarches?|commerces?|bars?|tabacs?|pharmacies?|boulangeries?|poste|mairies?|eglises?|stades?|gymnases?|terrains?|skate ?park|city|escaliers?|caves?|entrees?|portes?|passerelles?|appartements?|apparts?|maisons?|logements?|numero|etages?|rond point|ponts?|forets?|bois|plages?|camping|aires?|zones?|lotissements?|hlm|foyers?|villages?|villes?|voisine?s?|voitures?|caisses?|vehicules?)\b/;

const ANSWER_WORDS: Partial<Record<QuestionDef['kind'], RegExp>> = {
  datetime: TIME_WORDS,
  place: PLACE_WORDS,
};

/**
 * True when a text given to a when/where question found facts for other questions only and has no word
 * of a moment (or of a place): it answers something else, and the question is asked again. A text that
 * finds nothing at all stays the answer in the person's own words ("je ne sais plus, c'est flou").
 */
export function answersAnotherQuestion(
  flow: FlowDefinition,
  question: QuestionDef,
  added: readonly Fact[],
  text: string,
): boolean {
  const words = ANSWER_WORDS[question.kind];
  // The commune question is left out: a commune the data does not know is still a commune.
  const asksCommune = question.filledBy?.includes('commune') ?? false;
  if (!words || asksCommune || added.length === 0) return false;
  const sameKind = new Set(flow.questions.filter((q) => q.kind === question.kind).map((q) => q.id));
  if (added.some((fact) => sameKind.has(fact.slot))) return false;
  return !words.test(squashText(text));
}
