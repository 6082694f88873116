import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractEntities } from './index.ts';

// A guard against catastrophic regex backtracking, not a performance measure (that is `npm run bench`):
// before the fix, 5,000 characters of "un-" took about 19 s in one pattern. The bound is 50 times what a
// healthy run needs, so only an exponential or cubic blow-up can trip it.
const PIECES = [
  'un-',
  'un et ',
  'vingt-',
  'deux ',
  '1 ou ',
  '12h ',
  'AB-',
  '06 ',
  '@a',
  'rue de ',
  'à Dole ',
  '-',
  ' ',
];

test('repetitive hostile messages of the maximum length are extracted in bounded time', () => {
  extractEntities('échauffement de l’index des communes');
  for (const piece of PIECES) {
    const text = piece.repeat(Math.ceil(5000 / piece.length)).slice(0, 5000);
    const started = performance.now();
    extractEntities(text);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 2500, `${JSON.stringify(piece)} × 5000 caractères : ${Math.round(elapsed)} ms`);
  }
});
