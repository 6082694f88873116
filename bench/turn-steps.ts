/**
 * What one citizen turn's own steps cost, in isolation (no HTTP, no database): extraction, the engine
 * around it, the state's JSON and encryption, one message's encryption, the token HMAC. Informative
 * only, beside `npm run bench`, which measures the whole path against its baseline.
 * Run: `npx node bench/turn-steps.ts`.
 */
import { randomBytes } from 'node:crypto';
import { handleCitizenInput, startConversation } from '../src/conversations/engine/index.ts';
import { encryptJson } from '../src/crypto/envelope.ts';
import { hashToken } from '../src/crypto/receipt.ts';
import { extractEntities } from '../src/extraction/index.ts';
import { REPORTS } from './reports.ts';

const ITERATIONS = 20_000;
const now = new Date();
const ctx = { now, departement: '25' };

/** Mean µs per call after a warm-up of a fifth of the iterations. */
function measure(step: (i: number) => unknown): number {
  for (let i = 0; i < ITERATIONS / 5; i++) step(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) step(i);
  return Number(process.hrtime.bigint() - start) / ITERATIONS / 1000;
}

const text = (i: number) => REPORTS[i % REPORTS.length] as string;
// A conversation after a dozen reports, as the message bench leaves them.
let state = startConversation('stupefiants').state;
for (let i = 0; i < 12; i++)
  state = handleCitizenInput(state, { messageId: `m${i}`, text: text(i) }, ctx).state;
const key = randomBytes(32);

const rows = [
  { step: 'extraction', us: measure((i) => extractEntities(text(i), ctx)) },
  {
    step: 'engine turn (extraction included)',
    us: measure((i) => handleCitizenInput(state, { messageId: `x${i}`, text: text(i) }, ctx)),
  },
  {
    step: `state JSON + encryption (${JSON.stringify(state).length} bytes)`,
    us: measure(() => encryptJson(key, state, 'conversation-state:x')),
  },
  { step: 'one message encrypted', us: measure((i) => encryptJson(key, { text: text(i) }, 'message:x')) },
  { step: 'token HMAC', us: measure(() => hashToken(key, 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01')) },
].map((row) => ({ ...row, us: Number(row.us.toFixed(1)) }));
console.table(rows);
