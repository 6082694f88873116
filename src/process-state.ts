import type { AppDeps } from './app-deps.ts';
import { createUploadBudget } from './attachments/upload-budget.ts';
import { createUploadGate } from './attachments/upload-gate.ts';
import type { Config } from './config.ts';
import { createTurnCache } from './conversations/turn-cache.ts';
import { createTurnCommitter } from './conversations/turn-committer.ts';
import { createTurnRateLimit } from './conversations/turn-rate-limit.ts';
import type { Db } from './db/database.ts';
import { createStreamLimits } from './realtime/stream-limits.ts';
import { createAttemptThrottle } from './security/attempt-throttle.ts';

const THROTTLE_WINDOW_MS = 15 * 60 * 1000;

/**
 * The parts of AppDeps that live in one process's memory only: throttles and caps (counters of hashed
 * addresses, never written), the turn cache and the group committer. Built the same way by the server
 * and by the tests.
 */
export function createProcessState(
  config: Config,
  db: Db,
): Pick<
  AppDeps,
  | 'streamLimits'
  | 'agentStreamLimits'
  | 'receiptThrottle'
  | 'conversationThrottle'
  | 'turnCommitter'
  | 'turnCache'
  | 'turnRateLimit'
  | 'uploadGate'
  | 'uploadBudget'
> {
  return {
    streamLimits: createStreamLimits({
      perConversation: 5,
      perProcess: 2000,
      perClient: config.streams.perAddress,
    }),
    // Per agent: the Direct page (the queue, and one stream per chat: up to the administrator's highest
    // cap of 20) beside a few tabs (inbox, fiches); per process: far more than a shift of officers.
    agentStreamLimits: createStreamLimits({ perConversation: 30, perProcess: 1000 }),
    receiptThrottle: createAttemptThrottle({ maxFailures: 10, windowMs: THROTTLE_WINDOW_MS }),
    conversationThrottle: createAttemptThrottle({
      maxFailures: config.conversationsPerAddress,
      windowMs: THROTTLE_WINDOW_MS,
    }),
    turnCommitter: createTurnCommitter(db),
    turnCache: createTurnCache(),
    turnRateLimit: createTurnRateLimit(),
    uploadGate: createUploadGate({ concurrency: config.uploads.concurrency, queue: config.uploads.queue }),
    uploadBudget: createUploadBudget({ bytes: config.uploads.bytesPerAddress, windowMs: THROTTLE_WINDOW_MS }),
  };
}
