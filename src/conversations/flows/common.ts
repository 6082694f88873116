/**
 * Questions and slots shared by every flow (plain data). Builders take only what differs between flows
 * (usually the wording), so that a shared slot keeps the same id, fact type and label everywhere: the
 * engine, the summary and the officers' view rely on them. Witness and victim flows have their own files.
 */
import type { FlowDefinition, OptionDef, QuestionDef } from '../engine/flow-types.ts';

// ---- Every kind of flow ----

/** Where extracted facts that no question owns are listed. */
export const OTHER_SLOT: FlowDefinition['otherSlot'] = { id: 'autres', summaryLabel: 'Autres éléments' };

/** The free account, in the citizen's own words; only the invitation differs between flows. */
export function narrativeQuestion(prompt: string): QuestionDef {
  return {
    id: 'recit',
    kind: 'narrative',
    input: 'text',
    prompt,
    factType: 'narrative',
    summaryLabel: 'Votre récit',
  };
}

/** How safe the citizen feels; options marked `emergency` trigger the emergency message. */
export function safetyQuestion(prompt: string, options: OptionDef[]): QuestionDef {
  return {
    id: 'securite',
    kind: 'safety',
    input: 'choice',
    prompt,
    factType: 'safety',
    summaryLabel: 'Votre sécurité',
    options,
  };
}

/** The commune routes the report to the right service. */
export const COMMUNE_QUESTION: QuestionDef = {
  id: 'commune',
  kind: 'place',
  input: 'text',
  prompt: 'Dans quelle commune cela se passe-t-il ? (le quartier aide aussi)',
  factType: 'place',
  summaryLabel: 'Commune',
  filledBy: ['commune'],
};

export const WHEN_QUESTION: QuestionDef = {
  id: 'quand',
  kind: 'datetime',
  input: 'text',
  prompt:
    'Quand cela se passe-t-il ? Le jour et les heures si possible (par exemple « hier vers 22h », « de 16h à minuit »).',
  factType: 'datetime',
  summaryLabel: 'Quand',
  filledBy: ['date', 'time'],
};

/** The kind of place (street, transport…), detected from the narrative; options differ per flow. */
export function kindOfPlaceQuestion(
  input: QuestionDef['input'],
  prompt: string,
  options: OptionDef[],
): QuestionDef {
  return {
    id: 'type_lieu',
    kind: 'place',
    input,
    prompt,
    factType: 'kind_of_place',
    summaryLabel: "Type d'endroit",
    detect: true,
    allowText: true,
    options,
  };
}
