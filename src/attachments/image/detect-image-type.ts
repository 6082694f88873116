/** Image types Vigie recognises from their first bytes. */
export type DetectedImageType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);
// mif1/msf1 are generic HEIF brands that AVIF files also declare; those are not HEIC.
const AVIF_BRANDS = new Set(['avif', 'avis']);

/**
 * Identifies an image by its magic bytes only, never by file name or Content-Type (both are chosen by
 * the sender). Returns null for anything else, including SVG, GIF, TIFF, PDF and AVIF.
 */
export function detectImageType(bytes: Buffer): DetectedImageType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP')
    return 'image/webp';
  if (isHeic(bytes)) return 'image/heic';
  return null;
}

// ISO BMFF: box size (4) | 'ftyp' | major brand (4) | minor version (4) | compatible brands (4 each).
function isHeic(bytes: Buffer): boolean {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== 'ftyp') return false;
  const boxSize = bytes.readUInt32BE(0);
  if (boxSize < 16 || boxSize > bytes.length || boxSize % 4 !== 0) return false;
  const major = ascii(bytes, 8, 12);
  if (!HEIC_BRANDS.has(major)) return false;
  if (major !== 'mif1' && major !== 'msf1') return true;
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) {
    if (AVIF_BRANDS.has(ascii(bytes, offset, offset + 4))) return false;
  }
  return true;
}

function ascii(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('latin1', start, end);
}
