import type pg from 'pg';
import type { Logger } from 'pino';
import type { FileStore } from './attachments/file-store.ts';
import type { UploadBudget } from './attachments/upload-budget.ts';
import type { UploadGate } from './attachments/upload-gate.ts';
import type { Config } from './config.ts';
import type { TurnCache } from './conversations/turn-cache.ts';
import type { TurnCommitter } from './conversations/turn-committer.ts';
import type { TurnRateLimit } from './conversations/turn-rate-limit.ts';
import type { KeyRing } from './crypto/master-key.ts';
import type { Db } from './db/database.ts';
import type { RealtimeHub } from './realtime/realtime-hub.ts';
import type { StreamLimits } from './realtime/stream-limits.ts';
import type { AttemptThrottle } from './security/attempt-throttle.ts';

/** Everything a use case or a route may depend on; built once by server.ts (or a test). */
export interface AppDeps {
  config: Config;
  db: Db;
  pool: pg.Pool;
  keys: KeyRing;
  files: FileStore;
  hub: RealtimeHub;
  /** Caps on open event streams, per conversation and per process. */
  streamLimits: StreamLimits;
  /** Caps on agents' streams, apart from the citizens' (officers never wait behind a citizens' flood). */
  agentStreamLimits: StreamLimits;
  logger: Logger;
  /** In-memory counters of wrong receipts per client (hashed addresses, never persisted). */
  receiptThrottle: AttemptThrottle;
  /** In-memory counters of conversations opened per client (hashed addresses, never persisted). */
  conversationThrottle: AttemptThrottle;
  /** Group commit of citizen turns (one statement for the turns that wait together). */
  turnCommitter: TurnCommitter;
  /** The conversations being chatted in, so a turn need not read its row back (see turn-cache.ts). */
  turnCache: TurnCache;
  /** In-memory rate of citizen turns per conversation (keyed by its id; never persisted). */
  turnRateLimit: TurnRateLimit;
  /** Photos held and decoded at once by this process (a queue; beyond it, 503). */
  uploadGate: UploadGate;
  /** In-memory photo bytes stored per client per 15 minutes (hashed addresses, never persisted). */
  uploadBudget: UploadBudget;
  /** Injected so tests can move time (receipt expiry, relative dates). */
  now: () => Date;
}
