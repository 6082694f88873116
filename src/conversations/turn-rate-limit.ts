import { AppError } from '../errors.ts';

/** Citizen turns (messages and follow-ups) one conversation may send in a window… */
export const TURNS_PER_WINDOW = 20;
/** …of this many milliseconds, sliding. */
export const TURN_WINDOW_MS = 10_000;

/**
 * A rate of turns per conversation, in this process's memory: a person typing never comes near it, a
 * script posting in a loop is slowed to a pace where the conversation's bounds mean something. Keyed by
 * the conversation id (never an address); only authorized turns count, so nobody can spend another
 * person's share without their token.
 */
export interface TurnRateLimit {
  /**
   * Counts one turn of the conversation at `now` (ms), before any await, so that turns sent in parallel are
   * counted too. Returns 0 when the turn may go, otherwise the milliseconds until one may (nothing counted).
   */
  tryTurn(conversationId: string, now: number): number;
}

/** A turn refused by the rate: 429, nothing written; `retryAfterSeconds` for the Retry-After header. */
export class TurnRateLimitedError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(waitMs: number) {
    super('too_many_messages');
    this.retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  }
}

/** Throws `TurnRateLimitedError` when the conversation has used up its turns for now. */
export function limitTurnRate(limit: TurnRateLimit, conversationId: string, now: Date): void {
  const waitMs = limit.tryTurn(conversationId, now.getTime());
  if (waitMs > 0) throw new TurnRateLimitedError(waitMs);
}

/**
 * A sliding log of each conversation's recent turns (at most `maxTurns` times per conversation). Those
 * idle for a whole window are swept at most once per window, so the map holds the conversations written
 * to in the last two windows.
 */
export function createTurnRateLimit(options: { maxTurns?: number; windowMs?: number } = {}): TurnRateLimit {
  const maxTurns = options.maxTurns ?? TURNS_PER_WINDOW;
  const windowMs = options.windowMs ?? TURN_WINDOW_MS;
  const turns = new Map<string, number[]>();
  let sweptAt = 0;
  // A clock moved back (tests, a corrected system clock) must not keep a conversation waiting.
  const recent = (time: number, now: number) => time <= now && now - time < windowMs;

  return {
    tryTurn(conversationId, now) {
      if (Math.abs(now - sweptAt) >= windowMs) {
        for (const [id, times] of turns) if (!times.some((time) => recent(time, now))) turns.delete(id);
        sweptAt = now;
      }
      const times = (turns.get(conversationId) ?? []).filter((time) => recent(time, now));
      if (times.length >= maxTurns) {
        turns.set(conversationId, times);
        return Math.max(1, Math.min(...times) + windowMs - now);
      }
      times.push(now);
      turns.set(conversationId, times);
      return 0;
    },
  };
}
