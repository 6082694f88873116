// Test support only: hand-built metadata segments, so the tests know exactly what identifying data went
// into an image and can prove none of it comes out. Nothing here is used at runtime.
import { crc32 } from 'node:zlib';

type IfdEntry = { tag: number; type: number; count: number; value: Buffer };

const ascii = (tag: number, text: string): IfdEntry => ({
  tag,
  type: 2,
  count: text.length + 1,
  value: Buffer.from(`${text}\0`, 'latin1'),
});
const short = (tag: number, n: number): IfdEntry => ({ tag, type: 3, count: 1, value: u16le(n) });
const long = (tag: number, n: number): IfdEntry => ({ tag, type: 4, count: 1, value: u32le(n) });
const bytes = (tag: number, values: number[]): IfdEntry => ({
  tag,
  type: 1,
  count: values.length,
  value: Buffer.from(values),
});
const rationals = (tag: number, pairs: [number, number][]): IfdEntry => ({
  tag,
  type: 5,
  count: pairs.length,
  value: Buffer.concat(pairs.flatMap(([n, d]) => [u32le(n), u32le(d)])),
});

function u16le(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}
function u32le(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
function u16be(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}
function u32be(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function ifdSize(entries: IfdEntry[]): number {
  const extra = entries.reduce(
    (sum, e) => sum + (e.value.length > 4 ? e.value.length + (e.value.length % 2) : 0),
    0,
  );
  return 2 + 12 * entries.length + 4 + extra;
}

function encodeIfd(entries: IfdEntry[], offset: number, next: number): Buffer {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const head: Buffer[] = [u16le(sorted.length)];
  const data: Buffer[] = [];
  let dataOffset = offset + 2 + 12 * sorted.length + 4;
  for (const e of sorted) {
    head.push(u16le(e.tag), u16le(e.type), u32le(e.count));
    if (e.value.length <= 4) {
      head.push(Buffer.concat([e.value, Buffer.alloc(4 - e.value.length)]));
    } else {
      head.push(u32le(dataOffset));
      const padded = e.value.length % 2 ? Buffer.concat([e.value, Buffer.alloc(1)]) : e.value;
      data.push(padded);
      dataOffset += padded.length;
    }
  }
  head.push(u32le(next));
  return Buffer.concat([...head, ...data]);
}

/** What the fake camera writes, so tests can search for each value in the output. */
export const CAMERA = { make: 'VigieTestCam', model: 'Mouchard 3000', gpsDatum: 'GPS-WGS-84' } as const;

/**
 * A little-endian TIFF/EXIF block: IFD0 (Make, Model, Orientation, GPS pointer), a GPS IFD placing the
 * photo in Paris, and IFD1 with an embedded JPEG thumbnail.
 */
export function buildExifTiff(orientation: number, thumbnail: Buffer): Buffer {
  const ifd0 = [
    ascii(0x010f, CAMERA.make),
    ascii(0x0110, CAMERA.model),
    short(0x0112, orientation),
    long(0x8825, 0),
  ];
  const gps = [
    bytes(0x0000, [2, 3, 0, 0]),
    ascii(0x0001, 'N'),
    rationals(0x0002, [
      [48, 1],
      [51, 1],
      [2409, 100],
    ]),
    ascii(0x0003, 'E'),
    rationals(0x0004, [
      [2, 1],
      [21, 1],
      [733, 100],
    ]),
    ascii(0x0012, CAMERA.gpsDatum),
  ];
  const ifd1 = [short(0x0103, 6), long(0x0201, 0), long(0x0202, thumbnail.length)];
  const gpsOffset = 8 + ifdSize(ifd0);
  const ifd1Offset = gpsOffset + ifdSize(gps);
  const thumbOffset = ifd1Offset + ifdSize(ifd1);
  ifd0[3] = long(0x8825, gpsOffset);
  ifd1[1] = long(0x0201, thumbOffset);
  return Buffer.concat([
    Buffer.from('II*\0', 'latin1'),
    u32le(8),
    encodeIfd(ifd0, 8, ifd1Offset),
    encodeIfd(gps, gpsOffset, 0),
    encodeIfd(ifd1, ifd1Offset, 0),
    thumbnail,
  ]);
}

function jpegSegment(marker: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0xff, marker]), u16be(payload.length + 2), payload]);
}

/** APP13 Photoshop/IPTC block with a by-line and a city. */
export function buildIptcSegment(byline: string, city: string): Buffer {
  const dataset = (id: number, text: string) => {
    const value = Buffer.from(text, 'utf8');
    return Buffer.concat([Buffer.from([0x1c, 0x02, id]), u16be(value.length), value]);
  };
  let iptc = Buffer.concat([dataset(0x50, byline), dataset(0x5a, city)]);
  if (iptc.length % 2) iptc = Buffer.concat([iptc, Buffer.alloc(1)]);
  const resource = Buffer.concat([
    Buffer.from('8BIM', 'latin1'),
    u16be(0x0404),
    Buffer.alloc(2),
    u32be(iptc.length),
    iptc,
  ]);
  return jpegSegment(0xed, Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), resource]));
}

/** Inserts EXIF (APP1), IPTC (APP13) and a comment (COM) right after the JPEG SOI marker. */
export function injectJpegMetadata(jpeg: Buffer, exifTiff: Buffer, iptc: Buffer, comment: string): Buffer {
  const exif = jpegSegment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), exifTiff]));
  const com = jpegSegment(0xfe, Buffer.from(comment, 'latin1'));
  return Buffer.concat([jpeg.subarray(0, 2), exif, iptc, com, jpeg.subarray(2)]);
}

/** Markers of a JPEG's header segments, up to the start of scan. */
export function listJpegMarkers(jpeg: Buffer): number[] {
  const markers: number[] = [];
  let offset = 2;
  while (offset + 4 <= jpeg.length && jpeg[offset] === 0xff) {
    const marker = jpeg[offset + 1] ?? 0;
    markers.push(marker);
    if (marker === 0xda) break;
    offset += 2 + jpeg.readUInt16BE(offset + 2);
  }
  return markers;
}

/** A PNG chunk with its CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  return Buffer.concat([u32be(data.length), typeAndData, u32be(crc32(typeAndData))]);
}

/** Inserts chunks right after IHDR (signature 8 bytes + IHDR 25 bytes). */
export function injectPngChunks(png: Buffer, chunks: Buffer[]): Buffer {
  return Buffer.concat([png.subarray(0, 33), ...chunks, png.subarray(33)]);
}

/** Chunk types of a PNG, in order. */
export function listPngChunks(png: Buffer): string[] {
  const types: string[] = [];
  for (let offset = 8; offset + 8 <= png.length; offset += 12 + png.readUInt32BE(offset)) {
    types.push(png.toString('latin1', offset + 4, offset + 8));
  }
  return types;
}

/** Chunk FourCCs of a RIFF/WebP file, in order. */
export function listWebpChunks(webp: Buffer): string[] {
  const types: string[] = [];
  for (let offset = 12; offset + 8 <= webp.length; ) {
    const size = webp.readUInt32LE(offset + 4);
    types.push(webp.toString('latin1', offset, offset + 4));
    offset += 8 + size + (size % 2);
  }
  return types;
}

/** A PNG header declaring width × height, with a tiny IDAT: decompression bomb shape, few bytes. */
export function buildDeclaredPng(width: number, height: number, idat: Buffer): Buffer {
  const ihdr = Buffer.concat([u32be(width), u32be(height), Buffer.from([8, 2, 0, 0, 0])]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Rewrites the dimensions in a baseline JPEG's SOF0 marker. */
export function patchJpegDimensions(jpeg: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(jpeg);
  for (let offset = 2; offset + 9 < out.length; ) {
    const marker = out[offset + 1];
    if (marker === 0xc0 || marker === 0xc2) {
      out.writeUInt16BE(height, offset + 5);
      out.writeUInt16BE(width, offset + 7);
      return out;
    }
    offset += 2 + out.readUInt16BE(offset + 2);
  }
  throw new Error('no SOF marker');
}
