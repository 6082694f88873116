import sharp, { type Metadata, type Sharp } from 'sharp';
import { detectImageType } from './detect-image-type.ts';

export { type DetectedImageType, detectImageType } from './detect-image-type.ts';

export type ImageRejectionCode = 'unsupported_type' | 'too_many_pixels' | 'corrupt_image' | 'too_heavy';
export type SanitizedImageMime = 'image/jpeg' | 'image/png' | 'image/webp';
export type SanitizedImage = { bytes: Buffer; mime: SanitizedImageMime };

const MESSAGES: Record<ImageRejectionCode, string> = {
  unsupported_type: "Ce type de fichier n'est pas accepté. Envoyez une photo JPEG, PNG ou WebP.",
  too_many_pixels: 'Cette image est trop grande (trop de pixels).',
  corrupt_image: 'Cette image est illisible ou endommagée.',
  too_heavy: 'Cette image reste trop lourde même réduite. Envoyez une autre photo.',
};

/**
 * What a stored photo may be: `maxPixels` bounds what is decoded (checked from the header, before any
 * decoding), `maxSide` the longest side kept, `maxOutputBytes` the weight of the result.
 */
export interface ImageLimits {
  maxPixels: number;
  maxSide?: number;
  maxOutputBytes?: number;
}

export const DEFAULT_MAX_SIDE = 2560;
export const DEFAULT_MAX_OUTPUT_BYTES = 2 * 1024 * 1024;

// Tried in order until the output fits. A real photo at 2560 px and quality 82 weighs well under 2 MB
// and fits at the first step; only noise-like content goes further (random pixels: 1.7 MB at 2560×1707,
// 2.6 MB at 2560×2560), and the last step holds even those to well under 1 MB.
const STEPS = [
  { scale: 1, quality: 82 },
  { scale: 0.8, quality: 70 },
  { scale: 0.625, quality: 60 },
  { scale: 0.5, quality: 50 },
] as const;

// Uploads are decoded one at a time per slot of the upload gate (upload-gate.ts): one libvips worker
// thread per image keeps each decode's working memory small, and the operation cache (by default up to
// 50 MB of decoded pixels and open inputs, kept for a reuse that never comes: each photo is seen once)
// is off.
sharp.cache(false);
sharp.concurrency(1);

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
 * ICC profile, comments or text chunks. EXIF orientation is applied to the pixels first. The result is
 * bounded whatever the input: its longest side is at most `maxSide` and it weighs at most
 * `maxOutputBytes` (quality, then size, are lowered until it fits). JPEG and WebP keep their format; PNG
 * stays PNG when that fits, else becomes JPEG; HEIC becomes JPEG when this sharp build can decode it.
 * Throws `ImageRejectedError` for anything else, for images over `maxPixels`, and for broken files.
 */
export async function sanitizeImage(bytes: Buffer, limits: ImageLimits): Promise<SanitizedImage> {
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

  const maxSide = limits.maxSide ?? DEFAULT_MAX_SIDE;
  const maxOutputBytes = limits.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  // No keepMetadata/withMetadata/keepExif...: sharp's default output carries pixels only. The
  // orientation is applied before the resize, which a JPEG decodes already shrunk (shrink-on-load).
  const pipeline = (scale: number): Sharp =>
    sharp(bytes, options)
      .rotate()
      .resize({
        width: Math.round(maxSide * scale),
        height: Math.round(maxSide * scale),
        fit: 'inside',
        withoutEnlargement: true,
      });
  try {
    if (type === 'image/png') {
      // Lossless first: a screenshot of a message must stay legible. A PNG too heavy for that (a photo
      // saved as PNG) becomes a JPEG like any photo, on white where it was transparent.
      const png = await pipeline(1).png().toBuffer();
      if (png.length <= maxOutputBytes) return { bytes: png, mime: 'image/png' };
    }
    for (const step of STEPS) {
      const output =
        type === 'image/webp'
          ? await pipeline(step.scale).webp({ quality: step.quality }).toBuffer()
          : await pipeline(step.scale)
              .flatten({ background: '#ffffff' })
              .jpeg({ quality: step.quality, mozjpeg: false })
              .toBuffer();
      if (output.length <= maxOutputBytes) {
        return { bytes: output, mime: type === 'image/webp' ? 'image/webp' : 'image/jpeg' };
      }
    }
  } catch (error) {
    throw rejectionFor(error, type);
  }
  throw new ImageRejectedError('too_heavy');
}

function rejectionFor(error: unknown, type: string): ImageRejectedError {
  const message = error instanceof Error ? error.message : '';
  if (/pixel limit/i.test(message)) return new ImageRejectedError('too_many_pixels', { cause: error });
  // Prebuilt sharp decodes AV1-coded HEIF only; an iPhone's HEVC photo fails here, and the useful
  // answer for the citizen is "send a JPEG", not "your file is broken".
  if (type === 'image/heic') return new ImageRejectedError('unsupported_type', { cause: error });
  return new ImageRejectedError('corrupt_image', { cause: error });
}
