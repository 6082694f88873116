import { z } from 'zod';
import { parisDayStart } from './paris-day.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The French message of the 400 `invalid_input` answered when the body or the query string fails
     * the route's schema (say what to send: "Envoyez {"text": "…"}"). Without it, the catalogue's.
     */
    invalidInputMessage?: string;
  }
}

// Schemas given an `id` become components of the OpenAPI document (#/components/schemas/<id>), so
// every route that returns them points to one definition.

/** The body of every API error: a stable code and a French message. */
export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .meta({ id: 'Error', description: 'Erreur : un code stable et un message en français' });

/** An error response documented with what it means on this route (the body is always `Error`). */
export function errorResponse(description: string) {
  return errorSchema.describe(description);
}

/** What an agent route answers without a session (401) or with a role it is not for (403). */
export const agentRefusals = { 401: errorSchema, 403: errorSchema };

export const uuidParam = z.object({ id: z.uuid() });

// What the server writes is documented, not checked again: a strict check on the way out would turn a
// harmless difference (an id of another UUID version) into a 500, and the message path is hot.
/** A UUID the server writes (documented as such, not validated again on the way out). */
export const uuidOut = z.string().meta({ format: 'uuid' });
/** An ISO 8601 date the server writes (`Date#toISOString()`), documented, not validated again. */
export const dateTimeOut = z.string().meta({ format: 'date-time' });

/** An answer the bot offers (MessageOption). */
export const optionSchema = z
  .object({
    value: z.string(),
    label: z.string(),
    exclusive: z
      .boolean()
      .optional()
      .describe('Où plusieurs réponses se cumulent (multiple), celle-ci se choisit seule.'),
    group: z
      .string()
      .optional()
      .describe('Les réponses d’un même groupe s’affichent ensemble, repliées sous ce titre.'),
  })
  .meta({ id: 'Option' });

/** A list inside a bot message (MessageList): the summary's facts, as data. */
export const messageListSchema = z
  .object({
    before: z.string().describe('Le texte qui précède la liste (« Voici ce que j’ai compris : »).'),
    items: z
      .array(z.string())
      .describe(
        'Les éléments de la liste, à afficher chacun comme un élément de liste (<li>) : une ligne chacun, ' +
          'sans saut de ligne ni caractère de mise en forme invisible, même quand ils citent les mots du déclarant.',
      ),
    after: z.string().optional().describe('Le texte qui suit la liste (« Est-ce correct ? »).'),
  })
  .meta({
    id: 'MessageList',
    description:
      'Présente, le message est une liste : afficher before, puis items en liste, puis after, au lieu de text. ' +
      'Ne jamais reconstruire de liste en découpant text.',
  });

/** A message as it leaves the server (MessageView): the citizen API and the agent API share it. */
export const messageSchema = z
  .object({
    id: uuidOut,
    seq: z.number().int().min(1),
    author: z.enum(['bot', 'citizen', 'agent', 'system']),
    text: z
      .string()
      .describe(
        'Le message entier en texte brut, à afficher tel quel (sauts de ligne compris). Pour un message ' +
          'qui porte une liste (list), il la reprend pour les clients qui l’ignorent : une ligne « • … » par ' +
          'élément, chacun tenant sur une ligne.',
      ),
    list: messageListSchema.optional(),
    options: z.array(optionSchema).optional(),
    multiple: z
      .boolean()
      .optional()
      .describe('Plusieurs réponses possibles : envoyer leurs valeurs séparées par des virgules.'),
    at: dateTimeOut,
  })
  .meta({ id: 'Message' });

/** A date or date-time in ISO 8601, as a Date. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, 'date ISO 8601 attendue')
  // A bare day is a French day: it starts at Paris midnight.
  .transform((value) => (value.length === 10 ? parisDayStart(value) : new Date(value)));
