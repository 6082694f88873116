import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

const TOO_LARGE = 'FST_REQ_FILE_TOO_LARGE';

/**
 * Reads the one photo of a multipart request into memory (never onto disk). A request that is not
 * multipart, has no file, or breaks off mid-way gets a 4xx with a French message, not a 500: a client
 * that hangs up or sends garbage is bad input, not a failure of ours.
 */
export async function readUploadedPhoto(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!request.isMultipart()) throw new AppError('unsupported_media_type');
  try {
    const file = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
    if (file?.fieldname !== 'file') {
      throw new AppError('invalid_input', 'Joignez une photo (champ « file »).');
    }
    // toBuffer() fails with FST_REQ_FILE_TOO_LARGE past the limit.
    const bytes = await file.toBuffer();
    if (bytes.length === 0) throw new AppError('invalid_input', 'Choisissez une photo avant de l’envoyer.');
    return bytes;
  } catch (error) {
    if (error instanceof AppError || (error as { code?: string }).code === TOO_LARGE) throw error;
    throw new AppError('bad_request', 'L’envoi du fichier est incomplet ou mal formé. Réessayez.');
  }
}
