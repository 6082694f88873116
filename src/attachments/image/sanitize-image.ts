import sharp, { type Metadata } from 'sharp';
import { detectImageType } from './detect-image-type.ts';

export { type DetectedImageType, detectImageType } from './detect-image-type.ts';

export type ImageRejectionCode = 'unsupported_type' | 'too_many_pixels' | 'corrupt_image';
export type SanitizedImageMime = 'image/jpeg' | 'image/png' | 'image/webp';
export type SanitizedImage = { bytes: Buffer; mime: SanitizedImageMime };

const MESSAGES: Record<ImageRejectionCode, string> = {
  unsupported_type: "Ce type de fichier n'est pas accepté. Envoyez une photo JPEG, PNG ou WebP.",
  too_many_pixels: 'Cette image est trop grande (trop de pixels).',
  corrupt_image: 'Cette image est illisible ou endommagée.',
};

/** A photo refused for a reason the citizen can act on; `message` is safe to show as is. */
export class ImageRejectedError extends Error {
  readonly code: ImageRejectionCode;
  constructor(code: ImageRejectionCode, options?: { cause?: unknown }) {
    super(MESSAGES[code], options);
    this.name = 'ImageRejectedError';
    this.code = code;
  }
}

// sharp's own name for each format, to check that libvips decodes what the magic bytes announced.
const SHARP_FORMAT = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp', 'image/heic': 'heif' };

/**
 * Re-encodes a photo so that nothing but pixels survives: no EXIF (GPS, camera, thumbnail), XMP, IPTC,
 * ICC profile, comments or text chunks. EXIF orientation is applied to the pixels first. JPEG, PNG and
 * WebP keep their format; HEIC becomes JPEG when this sharp build can decode it.
 * Throws `ImageRejectedError` for anything else, for images over `maxPixels`, and for broken files.
 */
export async function sanitizeImage(bytes: Buffer, limits: { maxPixels: number }): Promise<SanitizedImage> {
  const type = detectImageType(bytes);
  if (type === null) throw new ImageRejectedError('unsupported_type');
  if (type === 'image/heic' && !sharp.format.heif?.input.buffer)
    throw new ImageRejectedError('unsupported_type');

  const options = { failOn: 'error', limitInputPixels: limits.maxPixels } as const;
  // Read the header first: the pixel limit and the format check happen before any decoding.
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, options).metadata();
  } catch (error) {
    throw rejectionFor(error, type);
  }
  if (metadata.format !== SHARP_FORMAT[type]) throw new ImageRejectedError('unsupported_type');
  if ((metadata.width ?? 0) * (metadata.height ?? 0) > limits.maxPixels) {
    throw new ImageRejectedError('too_many_pixels');
  }

  // No keepMetadata/withMetadata/keepExif...: sharp's default output carries pixels only.
  const pipeline = sharp(bytes, options).rotate();
  try {
    switch (type) {
      case 'image/png':
        return { bytes: await pipeline.png().toBuffer(), mime: 'image/png' };
      case 'image/webp':
        return { bytes: await pipeline.webp().toBuffer(), mime: 'image/webp' };
      default:
        return { bytes: await pipeline.jpeg({ quality: 85, mozjpeg: false }).toBuffer(), mime: 'image/jpeg' };
    }
  } catch (error) {
    throw rejectionFor(error, type);
  }
}

function rejectionFor(error: unknown, type: string): ImageRejectedError {
  const message = error instanceof Error ? error.message : '';
  if (/pixel limit/i.test(message)) return new ImageRejectedError('too_many_pixels', { cause: error });
  // Prebuilt sharp decodes AV1-coded HEIF only; an iPhone's HEVC photo fails here, and the useful
  // answer for the citizen is "send a JPEG", not "your file is broken".
  if (type === 'image/heic') return new ImageRejectedError('unsupported_type', { cause: error });
  return new ImageRejectedError('corrupt_image', { cause: error });
}
