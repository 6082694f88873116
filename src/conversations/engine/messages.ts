/** Fixed French wording of the engine (flow-specific wording lives in the flows). */

import type { SlotKind } from './flow-types.ts';

export const WELCOME =
  "Bonjour, et merci de prendre contact. Ce service est anonyme : vous n'avez pas à donner votre nom.\n" +
  "En cas d'urgence, appelez le 17 ou le 112, ou envoyez un SMS au 114 si vous ne pouvez pas parler.";

export const CATEGORY_PROMPT = 'Que souhaitez-vous signaler ?';

export const EMERGENCY =
  'Si vous êtes en danger maintenant, appelez le 17 (Police secours) ou le 112. ' +
  'Si vous ne pouvez pas parler, envoyez un SMS au 114. ' +
  'Notre conversation reste ouverte : vous pouvez continuer à écrire ici.';

export const OFFICER_REQUESTED =
  "C'est noté : un policier vous répondra dès que possible. En attendant, votre message sera lu par des policiers et vous pouvez laisser ici votre signalement.";

export const OFFICER_ALREADY_REQUESTED =
  "C'est déjà noté : un policier vous répondra dès que possible. Vous pouvez continuer à écrire ici.";

export const OFFICER_LABEL = 'Échanger avec un policier';

const HELPLINE = 'Le 3919 écoute les victimes de violences, 24 h/24 : l’appel est gratuit et anonyme.';
// Worded as the pages' number links expect ("appelez le 17", "ou le 112", "SMS au 114").
const DANGER_NOW = 'Si vous êtes en danger maintenant, appelez le 17 ou le 112, ou envoyez un SMS au 114.';

/**
 * Distress ("je ne sais pas quoi faire", "j'ai peur"): support, then the same question, never a reproach.
 * Once an officer was requested, the person is told the officer is coming; the emergency numbers close it
 * unless the same turn's emergency message just gave them.
 */
export function distressSupport(officerRequested: boolean, numbersJustGiven: boolean): string {
  const officer = officerRequested
    ? 'Un policier vous répondra ici dès que possible.'
    : `Vous pouvez aussi échanger ici par écrit avec un policier : choisissez « ${OFFICER_LABEL} ».`;
  const support = `Vous n'êtes pas seul(e), et vous avez bien fait d'écrire. ${HELPLINE} ${officer}`;
  return numbersJustGiven ? support : `${support} ${DANGER_NOW}`;
}

/** A greeting, or only the wish to report: no misunderstanding to mention. */
export const LISTENING = 'Bien sûr, je vous écoute.';
export const NOT_UNDERSTOOD = "Je n'ai pas bien compris.";
export const EMPTY_MESSAGE = 'Votre message est vide.';
export const UNKNOWN_OPTION = "Ce choix n'est pas disponible ici.";
export const CHOSEN_ALONE = 'Une des réponses cochées se choisit seule : cochez-la sans les autres.';
export const TECHNICAL_PROBLEM = 'Désolé, un problème est survenu. Pouvez-vous répondre à nouveau ?';
export const NOTED = "Merci, c'est noté.";
const CHOOSE_BELOW = 'Pour la question ci-dessous, choisissez parmi les réponses proposées.';
/** A text at a choice question: its facts are kept, but it does not answer the question itself. */
export const NOTED_CHOOSE_AN_ANSWER = `${NOTED} ${CHOOSE_BELOW}`;
/** A narrative at a choice question with nothing to extract: kept with the report, not as a fact. */
export const NOTED_IN_TRANSCRIPT = `Merci, votre message est gardé avec votre signalement. ${CHOOSE_BELOW}`;
/** A text answered another question than the one asked (when, where): kept, and the question asked again. */
export const NOTED_ASK_AGAIN: Partial<Record<SlotKind, string>> = {
  datetime: `${NOTED} Je n'ai pas trouvé de moment dans votre réponse.`,
  place: `${NOTED} Je n'ai pas trouvé d'endroit dans votre réponse.`,
};
/** A short account before any category: kept, and the category asked. */
export const NOTED_CHOOSE_CATEGORY = `${NOTED} Pour bien orienter votre signalement, dites-moi de quoi il s'agit.`;
/** A text at a choice question that neither answers it nor tells anything new. */
export const CHOOSE_AN_ANSWER = `${NOT_UNDERSTOOD} Choisissez parmi les réponses proposées.`;
/** Noise ("euh", "???") where the question takes the person's own words. */
export const ANSWER_IN_WORDS = `${NOT_UNDERSTOOD} Répondez avec vos mots, ou choisissez une des réponses proposées.`;
export const PHOTO_RECEIVED = 'Photo bien reçue. Vous pouvez en ajouter d’autres.';
export const CORRECTING = "D'accord, corrigeons cela.";
export const ADD_PROMPT = 'Écrivez la précision que vous souhaitez ajouter :';
export const ADDED = "Merci, j'ai ajouté cette précision.";
export const ADDED_AFTER_DONE = "C'est noté, cette précision sera jointe à votre signalement.";
export const NOTHING_TO_SUBMIT =
  "Vous n'avez encore rien décrit. Écrivez en quelques mots ce que vous souhaitez signaler :";
export const SUMMARY_HEADER = "Voici ce que j'ai compris :";
export const SUMMARY_EMPTY =
  "Je n'ai pas relevé d'élément précis, mais vos messages seront transmis tels quels.";
export const SUMMARY_QUESTION = 'Est-ce correct ?';

export const SKIP_LABEL = 'Je ne sais pas / passer';
export const CONFIRM_LABEL = "C'est correct";
export const ADD_LABEL = 'Ajouter une précision';
export const CORRECT_LABEL = 'Corriger';
export const REMOVE_LABEL = 'Retirer';
export const CORRECTIONS_GROUP = 'Corriger ou retirer un élément';
