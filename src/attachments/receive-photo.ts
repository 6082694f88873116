import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import type { CitizenCredentials } from '../conversations/conversation-access.ts';
import { AppError } from '../errors.ts';
import { readUploadedPhoto } from './read-uploaded-photo.ts';
import { uploadAttachment } from './upload-attachment.ts';

/** Seconds a client is asked to wait when every decoding slot and the queue are taken (a few photos). */
export const UPLOADS_BUSY_RETRY_AFTER_S = '3';

/**
 * The photo upload of both citizen surfaces (the API and the no-JavaScript chat): admitted by the upload
 * gate before its body is read (full: 503 `uploads_busy` with Retry-After, nothing read or written),
 * refused before reading when the client has used its bytes for the quarter hour, then read into memory,
 * decoded in its turn and stored. The admission is given back however it ends.
 */
export async function receivePhoto(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  credentials: CitizenCredentials,
): Promise<{ id: string; mime: string; bytes: number }> {
  const pass = deps.uploadGate.tryEnter();
  if (!pass) {
    reply.header('retry-after', UPLOADS_BUSY_RETRY_AFTER_S);
    throw new AppError('uploads_busy');
  }
  try {
    if (!deps.uploadBudget.hasRoom(request.ip)) throw new AppError('too_many_uploads');
    const bytes = await readUploadedPhoto(request, deps.config.uploads.maxBytes);
    return await uploadAttachment(deps, {
      ...credentials,
      bytes,
      clientAddress: request.ip,
      decode: pass.decode,
    });
  } finally {
    pass.leave();
  }
}
