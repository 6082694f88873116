import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { readUploadedPhoto } from '../attachments/read-uploaded-photo.ts';
import { uploadAttachment } from '../attachments/upload-attachment.ts';
import { AppError } from '../errors.ts';
import { credentialsFromRequest } from '../http/citizen-credentials.ts';
import { openFollowup } from '../reports/open-followup.ts';
import { submitReport } from '../reports/submit-report.ts';
import { authorizeCitizen } from './conversation-access.ts';
import { CATEGORIES } from './engine/index.ts';
import { getConversation } from './get-conversation.ts';
import { MAX_OPTION_LENGTH, postCitizenMessage } from './post-citizen-message.ts';
import { startConversation } from './start-conversation.ts';
import { streamConversationEvents } from './stream-conversation-events.ts';

const categorySchema = z.enum(CATEGORIES);
const startBody = z
  .object({ category: categorySchema.optional(), locale: z.string().max(10).optional() })
  .strict()
  .optional();
const messageBody = z.union([
  z.object({ text: z.string().max(20_000) }).strict(),
  z.object({ option: z.string().min(1).max(MAX_OPTION_LENGTH) }).strict(),
]);
const followupBody = z.object({ receipt: z.string().max(100) }).strict();
const idParams = z.object({ id: z.string().max(64) });

function parse<T>(schema: z.ZodType<T>, value: unknown, message?: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError('invalid_input', message);
  return result.data;
}

/** The public citizen API v1 (JSON): partner apps, the live chat script and the acceptance tests use it. */
export async function registerCitizenApiRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post('/api/v1/conversations', async (request, reply) => {
    const body = parse(startBody, request.body ?? undefined, 'Catégorie inconnue ou champ non reconnu.');
    const started = await startConversation(deps, {
      category: body?.category,
      clientAddress: request.ip,
    });
    return reply
      .status(201)
      .send({ id: started.conversationId, token: started.token, messages: started.messages });
  });

  app.get('/api/v1/conversations/:id', async (request) => {
    const { id } = parse(idParams, request.params);
    const view = await getConversation(deps, credentialsFromRequest(request, id));
    return {
      id: view.id,
      status: view.status,
      category: view.category,
      messages: view.messages,
      canSubmit: view.canSubmit,
      ...(view.reportStatus && { reportStatus: view.reportStatus }),
      attachments: view.attachments,
    };
  });

  app.post('/api/v1/conversations/:id/messages', async (request, reply) => {
    const { id } = parse(idParams, request.params);
    const body = parse(messageBody, request.body, 'Envoyez {"text": "…"} ou {"option": "…"}.');
    const result = await postCitizenMessage(deps, { ...credentialsFromRequest(request, id), ...body });
    return reply.status(201).send(result);
  });

  app.get('/api/v1/conversations/:id/events', async (request, reply) => {
    const { id } = parse(idParams, request.params);
    await streamConversationEvents(deps, request, reply, credentialsFromRequest(request, id));
  });

  app.post('/api/v1/conversations/:id/attachments', async (request, reply) => {
    const { id } = parse(idParams, request.params);
    const credentials = credentialsFromRequest(request, id);
    // Checked before reading up to 15 MB from someone who may not hold the conversation's token.
    await authorizeCitizen(deps, deps.db, credentials);
    const bytes = await readUploadedPhoto(request, deps.config.uploads.maxBytes);
    const attachment = await uploadAttachment(deps, { ...credentials, bytes });
    return reply.status(201).send(attachment);
  });

  app.post('/api/v1/conversations/:id/submit', async (request, reply) => {
    const { id } = parse(idParams, request.params);
    const { receipt } = await submitReport(deps, credentialsFromRequest(request, id));
    return reply.status(201).send({ receipt });
  });

  app.post('/api/v1/followup', async (request) => {
    const body = parse(followupBody, request.body, 'Indiquez votre récépissé : {"receipt": "…"}.');
    const opened = await openFollowup(deps, { receipt: body.receipt, clientAddress: request.ip });
    return { id: opened.conversationId, token: opened.token };
  });
}
