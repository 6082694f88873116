import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy.ts';

const STRONG = 'Tilleul-Vautour-73';

test('a password counts 12 to 128 characters', () => {
  assert.equal(PASSWORD_MIN_LENGTH, 12);
  assert.equal(PASSWORD_MAX_LENGTH, 128);
  assert.match(passwordProblem('Kq7#vRt2pLw') ?? '', /au moins 12 caractères/);
  assert.equal(passwordProblem('Kq7#vRt2pLw9'), null);
  assert.equal(passwordProblem('x7Gq'.repeat(32)), null);
  assert.match(passwordProblem(`${'x7Gq'.repeat(32)}Z`) ?? '', /au plus 128 caractères/);
  assert.equal(passwordProblem(STRONG), null);
});

test('length is counted in characters, not in UTF-16 units or bytes', () => {
  // Eleven characters, of which three are emoji (two UTF-16 units each): still too short.
  assert.match(passwordProblem('🦉🦉🦉Vigie-26') ?? '', /au moins 12/);
  assert.equal(passwordProblem('Éléphant-vert-à-Dole'), null);
});

test('common passwords are refused, dressed up with digits and signs or not', () => {
  for (const common of [
    'password1234',
    'azertyuiop12',
    'Password2024!',
    'Azertyuiop123!',
    '!!Motdepasse2026',
    'SOLEIL12345678',
    '123456789012',
    'aaaaaaaaaaaa',
  ]) {
    assert.match(passwordProblem(common) ?? '', /les plus courants/, common);
  }
});

test('the username, dressed with digits and signs, is refused as a password', () => {
  assert.match(passwordProblem('jdupont.sdis25', 'jdupont.sdis25') ?? '', /identifiant/);
  assert.match(passwordProblem('2026!!Jdupont!!!', 'jdupont') ?? '', /identifiant/);
  assert.equal(passwordProblem('Kq7#vRt2pLw9', 'jdupont'), null);
});
