import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectImageType } from './detect-image-type.ts';

const ftyp = (major: string, ...compatible: string[]) => {
  const size = 16 + 4 * compatible.length;
  const box = Buffer.alloc(size + 8);
  box.writeUInt32BE(size, 0);
  box.write(`ftyp${major}\0\0\0\0${compatible.join('')}`, 4, 'latin1');
  return box;
};

test('recognises JPEG, PNG and WebP by their magic bytes', () => {
  assert.equal(detectImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), 'image/jpeg');
  assert.equal(detectImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe1])), 'image/jpeg');
  assert.equal(detectImageType(Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR', 'latin1')), 'image/png');
  assert.equal(detectImageType(Buffer.from('RIFF\x24\0\0\0WEBPVP8 ', 'latin1')), 'image/webp');
});

test('recognises HEIC brands, including generic mif1/msf1 HEIF', () => {
  for (const major of ['heic', 'heix', 'hevc', 'mif1', 'msf1']) {
    assert.equal(detectImageType(ftyp(major, 'mif1', 'heic')), 'image/heic', major);
  }
});

test('AVIF, MP4 and QuickTime containers are not HEIC', () => {
  assert.equal(detectImageType(ftyp('avif', 'mif1', 'avif', 'miaf')), null);
  assert.equal(detectImageType(ftyp('mif1', 'avif', 'miaf')), null);
  assert.equal(detectImageType(ftyp('isom', 'isom', 'mp41')), null);
  assert.equal(detectImageType(ftyp('qt  ', 'qt  ')), null);
});

test('rejects look-alikes and near misses', () => {
  const cases = [
    Buffer.alloc(0),
    Buffer.from([0xff, 0xd8]),
    Buffer.from([0xff, 0xd9, 0xff]),
    Buffer.from('\x89PNG\r\n', 'latin1'),
    Buffer.from('\x89PNG\n\n\x1a\n', 'latin1'),
    Buffer.from('RIFF\x24\0\0\0WAVEfmt ', 'latin1'),
    Buffer.from('RIFF\0\0\0\0WEB', 'latin1'),
    Buffer.from('GIF89a\x01\0\x01\0', 'latin1'),
    Buffer.from('II*\0\x08\0\0\0', 'latin1'),
    Buffer.from('BM\x36\0\0\0\0\0', 'latin1'),
    Buffer.from('%PDF-1.7\n', 'latin1'),
    Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
    Buffer.from('<!DOCTYPE html><title>photo.jpg</title>'),
    Buffer.from(' \xff\xd8\xff', 'latin1'), // magic not at offset 0
    Buffer.from('\0\0\0\x18ftypheic', 'latin1'), // box shorter than its header
  ];
  for (const bytes of cases)
    assert.equal(detectImageType(bytes), null, JSON.stringify(bytes.toString('latin1')));
});
