import assert from 'node:assert/strict';
import { test } from 'node:test';
import { currentTotp, generateTotpSecret, matchTotp, TOTP_PERIOD_S, totpUrl } from './totp.ts';

// RFC 6238, appendix B: the SHA-1 secret "12345678901234567890" (base32 below), codes cut to 6 digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = (seconds: number) => new Date(seconds * 1000);

test('codes are those of RFC 6238 (SHA-1, 30 s, 6 digits)', () => {
  assert.equal(TOTP_PERIOD_S, 30);
  assert.equal(currentTotp(RFC_SECRET, at(59)), '287082');
  assert.equal(currentTotp(RFC_SECRET, at(1111111109)), '081804');
  assert.equal(currentTotp(RFC_SECRET, at(1234567890)), '005924');
});

test('a code matches its own step and one step either side, and gives the step it belongs to', () => {
  const secret = generateTotpSecret();
  const now = at(1_900_000_005);
  const step = Math.floor(1_900_000_005 / 30);
  assert.equal(matchTotp(secret, currentTotp(secret, now), now), step);
  assert.equal(matchTotp(secret, currentTotp(secret, at(1_900_000_005 - 30)), now), step - 1);
  assert.equal(matchTotp(secret, currentTotp(secret, at(1_900_000_005 + 30)), now), step + 1);
  assert.equal(matchTotp(RFC_SECRET, '287082', at(59)), 1);
  // Spaces as an authenticator app shows them ("287 082") are accepted.
  assert.equal(matchTotp(RFC_SECRET, '287 082', at(59)), 1);
});

test('codes outside the window, malformed codes and another secret are refused', () => {
  const secret = generateTotpSecret();
  const now = at(1_900_000_005);
  const twoStepsAgo = currentTotp(secret, at(1_900_000_005 - 60));
  const twoStepsAhead = currentTotp(secret, at(1_900_000_005 + 60));
  // Guard against a coincidence: a code of another step may equal one inside the window.
  const inside = [-30, 0, 30].map((d) => currentTotp(secret, at(1_900_000_005 + d)));
  if (!inside.includes(twoStepsAgo)) assert.equal(matchTotp(secret, twoStepsAgo, now), null);
  if (!inside.includes(twoStepsAhead)) assert.equal(matchTotp(secret, twoStepsAhead, now), null);
  for (const bad of ['', '12345', '1234567', 'abcdef', '12345a'])
    assert.equal(matchTotp(secret, bad, now), null);
  const code = currentTotp(secret, now);
  const other = generateTotpSecret();
  if (![-30, 0, 30].some((d) => currentTotp(other, at(1_900_000_005 + d)) === code)) {
    assert.equal(matchTotp(other, code, now), null);
  }
});

test('a new secret has 160 bits and an otpauth URL names Vigie and the account', () => {
  const secret = generateTotpSecret();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.notEqual(secret, generateTotpSecret());
  const url = new URL(totpUrl('jdupont', secret));
  assert.equal(url.protocol, 'otpauth:');
  assert.equal(url.host, 'totp');
  assert.match(decodeURIComponent(url.pathname), /Vigie:jdupont$/);
  assert.equal(url.searchParams.get('secret'), secret);
  assert.equal(url.searchParams.get('issuer'), 'Vigie');
});
