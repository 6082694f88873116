/** Other facts: a generic collection (what, where, when, who, vehicles, details). */
import type { FlowDefinition } from '../engine/flow-types.ts';
import { COMMUNE_QUESTION, narrativeQuestion, OTHER_SLOT, WHEN_QUESTION } from './common.ts';
import {
  descriptionQuestion,
  LANDMARK_QUESTION,
  PLATE_QUESTION,
  personsQuestion,
  vehicleQuestion,
  WEAPONS_SLOT,
  WITNESS_DONE_TEXT,
  WITNESS_INPUT_HINT,
  WITNESS_SAFETY_QUESTION,
  WITNESS_STOP,
} from './witness.ts';

export const autreFlow: FlowDefinition = {
  category: 'autre',
  label: 'Autres faits',
  categoryKeywords: ['^\\s*autres?\\b', '\\bautres? faits?\\b'],
  intro:
    'Merci. Votre signalement sera lu par des policiers. Ne prenez aucun risque pour obtenir une information.',
  otherSlot: OTHER_SLOT,
  stop: WITNESS_STOP,
  inputHint: WITNESS_INPUT_HINT,
  doneText: WITNESS_DONE_TEXT,
  summaryQuotesNarrative: true,
  questions: [
    narrativeQuestion(
      "Décrivez ce qui s'est passé, avec vos mots, en un seul message : quoi, où, quand, qui, véhicules… Écrivez ce que vous savez, même peu.",
    ),
    {
      id: 'quoi',
      kind: 'text',
      input: 'text',
      prompt: "En quelques mots, de quoi s'agit-il ?",
      factType: 'what',
      summaryLabel: 'Les faits',
      condition: { not: { has: 'recit' } },
    },
    COMMUNE_QUESTION,
    LANDMARK_QUESTION,
    WHEN_QUESTION,
    personsQuestion('Combien de personnes sont en cause ?'),
    descriptionQuestion(
      'Pouvez-vous les décrire ? Âge approximatif, taille, vêtements, signes particuliers, surnoms…',
    ),
    vehicleQuestion('Un véhicule était-il impliqué ?'),
    PLATE_QUESTION,
    {
      id: 'details',
      kind: 'text',
      input: 'text',
      prompt: 'Voulez-vous ajouter autre chose d’utile ?',
      factType: 'details',
      summaryLabel: 'Précisions',
    },
    WITNESS_SAFETY_QUESTION,
    WEAPONS_SLOT,
  ],
};
