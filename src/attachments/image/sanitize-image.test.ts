import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import {
  buildDeclaredPng,
  buildExifTiff,
  buildIptcSegment,
  CAMERA,
  injectJpegMetadata,
  injectPngChunks,
  listJpegMarkers,
  listPngChunks,
  listWebpChunks,
  patchJpegDimensions,
  pngChunk,
} from './image-fixtures.ts';
import { ImageRejectedError, sanitizeImage } from './sanitize-image.ts';

const LIMITS = { maxPixels: 40_000_000 };
const XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="VigieTestCam"' +
  ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="Saint-Denis"/>' +
  '</rdf:RDF></x:xmpmeta>';
// Strings that must never appear in a sanitised file.
const FORBIDDEN = [
  'Exif',
  'GPS',
  'http://ns.adobe.com/xap',
  CAMERA.make,
  CAMERA.model,
  'Jean',
  'Saint-Denis',
  'Photoshop',
];

/** 64×32: left half red, right half blue, so a rotation is visible in the pixels. */
function halfRedHalfBlue(): Sharp {
  const width = 64;
  const height = 32;
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      if (x < width / 2) raw[i] = 255;
      else raw[i + 2] = 255;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } });
}

/** Dominant colour at (x, y) of a decoded image. */
async function colourAt(image: Buffer, x: number, y: number): Promise<'red' | 'blue' | 'other'> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  const [r = 0, g = 0, b = 0] = [data[i], data[i + 1], data[i + 2]];
  if (r > 180 && g < 80 && b < 80) return 'red';
  if (b > 180 && r < 80 && g < 80) return 'blue';
  return 'other';
}

function assertNoForbiddenStrings(bytes: Buffer): void {
  for (const needle of FORBIDDEN)
    assert.ok(!bytes.includes(Buffer.from(needle, 'latin1')), `"${needle}" survived`);
}

function countOccurrences(haystack: Buffer, needle: Buffer): number {
  let count = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) count++;
  return count;
}

async function assertRejected(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof ImageRejectedError, String(error));
    assert.equal(error.code, code);
    return true;
  });
}

let phoneJpeg: Buffer;
before(async () => {
  const thumbnail = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00ff00' } })
    .jpeg()
    .toBuffer();
  const base = await halfRedHalfBlue().jpeg({ quality: 95 }).withXmp(XMP).withIccProfile('p3').toBuffer();
  phoneJpeg = injectJpegMetadata(
    base,
    buildExifTiff(6, thumbnail),
    buildIptcSegment('Jean Témoin', 'Saint-Denis'),
    'Photo prise par Jean',
  );
});

test('the phone-like JPEG fixture really carries EXIF, GPS, thumbnail, XMP, IPTC and ICC', async () => {
  const meta = await sharp(phoneJpeg).metadata();
  assert.equal(meta.format, 'jpeg');
  assert.equal(meta.orientation, 6);
  assert.ok(meta.exif?.includes(CAMERA.make));
  assert.ok(meta.exif?.includes(CAMERA.gpsDatum), 'GPS IFD present');
  assert.ok(
    meta.exif && countOccurrences(meta.exif, Buffer.from([0xff, 0xd8, 0xff])) === 1,
    'EXIF thumbnail',
  );
  assert.ok(meta.xmp?.includes('http://ns.adobe.com/xap/1.0/'));
  assert.ok(meta.iptc?.includes('Jean Témoin'));
  assert.ok(meta.icc);
  assert.ok(phoneJpeg.includes('Photo prise par Jean'));
});

test('JPEG output keeps pixels only: no EXIF, GPS, thumbnail, XMP, IPTC, ICC or comment', async () => {
  const result = await sanitizeImage(phoneJpeg, LIMITS);
  assert.equal(result.mime, 'image/jpeg');
  const meta = await sharp(result.bytes).metadata();
  assert.equal(meta.format, 'jpeg');
  assert.equal(meta.exif, undefined);
  assert.equal(meta.xmp, undefined);
  assert.equal(meta.iptc, undefined);
  assert.equal(meta.icc, undefined);
  assert.equal(meta.orientation, undefined);
  assertNoForbiddenStrings(result.bytes);
  assert.equal(countOccurrences(result.bytes, Buffer.from([0xff, 0xd8])), 1, 'no embedded thumbnail');
  // Only structural markers before the scan: APP0 (JFIF) at most, no APP1..APP15, no COM.
  const markers = listJpegMarkers(result.bytes);
  for (const marker of markers) {
    assert.ok(!(marker >= 0xe1 && marker <= 0xef) && marker !== 0xfe, `marker 0x${marker.toString(16)}`);
  }
  assert.equal(markers.at(-1), 0xda);
});

test('EXIF orientation is baked into the pixels before the tag is dropped', async () => {
  const { bytes } = await sanitizeImage(phoneJpeg, LIMITS);
  const meta = await sharp(bytes).metadata();
  // Orientation 6 = rotate 90° clockwise: the 64×32 landscape becomes 32×64, the left (red) half on top.
  assert.equal(meta.width, 32);
  assert.equal(meta.height, 64);
  assert.equal(await colourAt(bytes, 16, 8), 'red');
  assert.equal(await colourAt(bytes, 16, 56), 'blue');
});

test('a JPEG without orientation keeps its geometry', async () => {
  const plain = await halfRedHalfBlue().jpeg().toBuffer();
  const { bytes } = await sanitizeImage(plain, LIMITS);
  const meta = await sharp(bytes).metadata();
  assert.equal(meta.width, 64);
  assert.equal(meta.height, 32);
  assert.equal(await colourAt(bytes, 8, 16), 'red');
  assert.equal(await colourAt(bytes, 56, 16), 'blue');
});

test('PNG output drops tEXt, iTXt, zTXt, eXIf, tIME and iCCP chunks', async () => {
  const base = await halfRedHalfBlue().png().toBuffer();
  const exif = buildExifTiff(1, Buffer.alloc(0));
  const input = injectPngChunks(base, [
    pngChunk('tEXt', Buffer.from('Author\0Jean Temoin', 'latin1')),
    pngChunk('tEXt', Buffer.from('Comment\0GPS 48.85 2.35 Saint-Denis', 'latin1')),
    pngChunk('zTXt', Buffer.concat([Buffer.from('Software\0\0', 'latin1'), deflateSync('VigieTestCam')])),
    pngChunk('iTXt', Buffer.from(`XML:com.adobe.xmp\0\0\0\0\0${XMP}`, 'utf8')),
    pngChunk('eXIf', exif),
    pngChunk('tIME', Buffer.from([0x07, 0xe9, 1, 2, 3, 4, 5])),
  ]);
  const inMeta = await sharp(input).metadata();
  assert.ok(
    inMeta.comments?.some((c) => c.keyword === 'Author' && c.text === 'Jean Temoin'),
    'fixture has tEXt',
  );
  assert.ok(listPngChunks(input).includes('eXIf'));

  const result = await sanitizeImage(input, LIMITS);
  assert.equal(result.mime, 'image/png');
  const meta = await sharp(result.bytes).metadata();
  assert.equal(meta.format, 'png');
  assert.equal(meta.comments, undefined);
  assert.equal(meta.exif, undefined);
  assert.equal(meta.xmp, undefined);
  assert.equal(meta.icc, undefined);
  const chunks = listPngChunks(result.bytes);
  for (const type of ['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME', 'iCCP'])
    assert.ok(!chunks.includes(type), type);
  assert.deepEqual([chunks[0], chunks.at(-1)], ['IHDR', 'IEND']);
  assertNoForbiddenStrings(result.bytes);
  assert.equal(await colourAt(result.bytes, 8, 16), 'red');
});

test('WebP output drops EXIF, XMP and ICC chunks and stays WebP', async () => {
  const input = await halfRedHalfBlue()
    .webp()
    .withExif({
      IFD0: { Make: CAMERA.make, Model: CAMERA.model },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1' },
    })
    .withXmp(XMP)
    .withIccProfile('p3')
    .toBuffer();
  const inMeta = await sharp(input).metadata();
  assert.ok(inMeta.exif?.includes(CAMERA.make));
  assert.ok(inMeta.xmp);
  assert.ok(inMeta.icc);
  assert.ok(listWebpChunks(input).includes('EXIF'));

  const result = await sanitizeImage(input, LIMITS);
  assert.equal(result.mime, 'image/webp');
  const meta = await sharp(result.bytes).metadata();
  assert.equal(meta.format, 'webp');
  assert.equal(meta.exif, undefined);
  assert.equal(meta.xmp, undefined);
  assert.equal(meta.icc, undefined);
  const chunks = listWebpChunks(result.bytes);
  for (const type of ['EXIF', 'XMP ', 'ICCP']) assert.ok(!chunks.includes(type), type);
  assertNoForbiddenStrings(result.bytes);
  assert.equal(await colourAt(result.bytes, 56, 16), 'blue');
});

test('disguised files are rejected as unsupported_type whatever their name would say', async () => {
  const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
    .gif()
    .toBuffer();
  const tiff = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
    .tiff()
    .toBuffer();
  const avif = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#000' } })
    .avif()
    .toBuffer();
  const disguised = [
    Buffer.from('Bonjour, ceci est un fichier texte nommé photo.jpg'),
    Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'),
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
    ),
    Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'),
    Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF'),
    Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'),
    gif,
    tiff,
    avif,
    Buffer.alloc(0),
    Buffer.from([0xff, 0xd8]),
  ];
  for (const bytes of disguised) await assertRejected(sanitizeImage(bytes, LIMITS), 'unsupported_type');
});

test('errors carry the French message meant for the citizen', async () => {
  await assert.rejects(sanitizeImage(Buffer.from('%PDF-1.4'), LIMITS), {
    name: 'ImageRejectedError',
    message: "Ce type de fichier n'est pas accepté. Envoyez une photo JPEG, PNG ou WebP.",
  });
  assert.equal(
    new ImageRejectedError('too_many_pixels').message,
    'Cette image est trop grande (trop de pixels).',
  );
  assert.equal(new ImageRejectedError('corrupt_image').message, 'Cette image est illisible ou endommagée.');
});

test('truncated or garbled images are rejected as corrupt_image', async () => {
  const noise = Buffer.alloc(256 * 256 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  const raw = { raw: { width: 256, height: 256, channels: 3 as const } };
  const jpeg = await sharp(noise, raw).jpeg({ quality: 90 }).toBuffer();
  const png = await sharp(noise, raw).png().toBuffer();
  const webp = await sharp(noise, raw).webp().toBuffer();
  const garbled = Buffer.from(jpeg);
  garbled.fill(0x41, 200, 600);
  const broken = [
    jpeg.subarray(0, Math.floor(jpeg.length * 0.6)),
    jpeg.subarray(0, 300),
    png.subarray(0, Math.floor(png.length * 0.6)),
    webp.subarray(0, Math.floor(webp.length * 0.6)),
    garbled,
    Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 0x20)]),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
  ];
  for (const [i, bytes] of broken.entries()) {
    await assert.rejects(sanitizeImage(bytes, LIMITS), (error) => {
      assert.ok(error instanceof ImageRejectedError, `case ${i}: ${error}`);
      assert.equal(error.code, 'corrupt_image', `case ${i}`);
      return true;
    });
  }
});

test('a pixel bomb (20000×20000 declared in a few bytes) is refused before decoding', async () => {
  const row = Buffer.alloc(1 + 20000 * 3);
  const bomb = buildDeclaredPng(20000, 20000, deflateSync(Buffer.concat([row, row])));
  assert.ok(bomb.length < 2000, `bomb is ${bomb.length} bytes`);
  await assertRejected(sanitizeImage(bomb, LIMITS), 'too_many_pixels');

  const small = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#888' } })
    .jpeg()
    .toBuffer();
  await assertRejected(sanitizeImage(patchJpegDimensions(small, 20000, 20000), LIMITS), 'too_many_pixels');
});

test('maxPixels is an inclusive limit on width × height', async () => {
  const image = await sharp({ create: { width: 100, height: 50, channels: 3, background: '#888' } })
    .png()
    .toBuffer();
  await assertRejected(sanitizeImage(image, { maxPixels: 4999 }), 'too_many_pixels');
  const ok = await sanitizeImage(image, { maxPixels: 5000 });
  assert.equal(ok.mime, 'image/png');
});

test('HEIC: converted to JPEG without metadata when this sharp build can decode it', async (t) => {
  // Prebuilt sharp decodes AV1-coded HEIF only, so the fixture is AV1 inside a HEIC-branded container.
  const avif = await halfRedHalfBlue()
    .avif()
    .withExif({ IFD0: { Make: CAMERA.make }, IFD3: { GPSLatitudeRef: 'N' } })
    .toBuffer();
  const heic = Buffer.from(avif);
  assert.equal(heic.toString('latin1', 4, 12), 'ftypavif');
  heic.write('heic', 8, 'latin1');
  const inMeta = await sharp(heic)
    .metadata()
    .catch(() => null);
  if (inMeta === null) {
    t.skip('sharp cannot read HEIF here');
    return;
  }
  assert.ok(inMeta.exif?.includes(CAMERA.make));
  const result = await sanitizeImage(heic, LIMITS);
  assert.equal(result.mime, 'image/jpeg');
  const meta = await sharp(result.bytes).metadata();
  assert.equal(meta.format, 'jpeg');
  assert.equal(meta.exif, undefined);
  assert.equal(meta.xmp, undefined);
  assertNoForbiddenStrings(result.bytes);
  assert.equal(await colourAt(result.bytes, 8, 16), 'red');
});

test('HEIC that cannot be decoded is refused as unsupported_type, not as corrupt', async () => {
  const fake = Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'),
    Buffer.alloc(200, 0x11),
  ]);
  await assertRejected(sanitizeImage(fake, LIMITS), 'unsupported_type');
});

test('the output is bounded: longest side, then weight (a heavy PNG becomes a JPEG)', async () => {
  const { randomBytes } = await import('node:crypto');
  const raw = { raw: { width: 1200, height: 800, channels: 3 as const } };
  const noisyPng = await sharp(randomBytes(1200 * 800 * 3), raw)
    .png()
    .toBuffer();
  assert.ok(noisyPng.length > 2_000_000, `fixture is ${noisyPng.length} bytes`);
  const limits = { maxPixels: 40_000_000, maxSide: 600, maxOutputBytes: 150_000 };
  const result = await sanitizeImage(noisyPng, limits);
  assert.equal(result.mime, 'image/jpeg', 'too heavy as PNG: re-encoded as JPEG');
  assert.ok(result.bytes.length <= limits.maxOutputBytes, `${result.bytes.length} bytes`);
  const meta = await sharp(result.bytes).metadata();
  assert.ok(Math.max(meta.width ?? 0, meta.height ?? 0) <= 600);
  assert.equal((meta.width ?? 0) / (meta.height ?? 1), 1.5, 'proportions kept');

  const screenshot = await halfRedHalfBlue().png().toBuffer();
  assert.equal((await sanitizeImage(screenshot, limits)).mime, 'image/png', 'a light PNG stays lossless');
});
