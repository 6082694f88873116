/**
 * Whether a citizen's text answers a "when?" or "where?" question at all. Asked "Quand ?", "3 ou 4
 * jeunes" tells who, not when: filed as the time, it would put a wrong line in the officers' summary.
 */
import type { FlowDefinition, QuestionDef } from './flow-types.ts';
import { squashText } from './text-fold.ts';
import type { Fact } from './types.ts';

// Words that only a moment, a duration or a frequency uses (folded: no accents, lower case).
const TIME_WORDS =
  /\b(?:\d{1,2} ?h\b|\d{1,2}h\d{2}|\d{1,2} \d{2}\b|matin\w*|midi|apres midi|aprem|soir\w*|nuits?|minuit|heures?|jours?|journees?|semaines?|week ?end|we|mois|ans?|annees?|lundis?|mardis?|mercredis?|jeudis?|vendredis?|samedis?|dimanches?|hier|avant hier|aujourd hui|demain|maintenant|moment|actuellement|toujours|souvent|parfois|tout le temps|temps|depuis|pendant|quand|lorsque|avant|apres|tot|tard|horaires?|fois|regulierement|recemment|chaque|tous les|toutes les|il y a (?:longtemps|peu)|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|ete|hiver|printemps|automne|vacances|rentree|noel|ramadan|date)\b/;

// Words that situate a place: prepositions of place and the kinds of places people name.
const PLACE_WORDS =
  /\b(?:dans|devant|derriere|chez|pres|proche|cote|face|sur|sous|long|coin|bas|haut|entre|niveau|fond|autour|ici|la bas|partout|rue|avenue|av|bd|boulevard|chemin|place|route|impasse|allee|quai|square|parc|jardin|hall|parking|cite|quartier|immeuble|batiment|bat|residence|tour|gare|arret|station|metro|tram|bus|ecole|college|lycee|centre|magasin|supermarche|commerce|bar|tabac|pharmacie|boulangerie|mairie|eglise|stade|gymnase|terrain|city|escaliers?|caves?|entree|porte|appartement|appart|maison|logement|numero|etage|rond point|pont|foret|bois|plage|camping|aire|zone|lotissement|hlm|foyer|village|ville)\b/;

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
  if (!words || added.length === 0) return false;
  const sameKind = new Set(flow.questions.filter((q) => q.kind === question.kind).map((q) => q.id));
  if (added.some((fact) => sameKind.has(fact.slot))) return false;
  return !words.test(squashText(text));
}
