import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { commitTurns, MAX_TURNS_PER_COMMIT, type TurnToCommit } from './conversation.repo.ts';

/**
 * Commits citizen turns; resolves true when the turn committed, false when it must be retried. Rejects at
 * once with `overloaded` when too many turns already wait: nothing of the turn is written.
 */
export interface TurnCommitter {
  commit(turn: TurnToCommit): Promise<boolean>;
}

interface Pending {
  turn: TurnToCommit;
  resolve(committed: boolean): void;
  reject(error: unknown): void;
}

/**
 * Group commit of citizen turns. A turn that arrives while the database is idle is sent at once; turns
 * that arrive while earlier ones are being written wait for a free slot and then go together, in one
 * statement and one transaction. Under load this spreads the round trip, the statement and the commit
 * over many turns, which is most of a turn's cost on the database side; alone, a turn waits for nothing.
 * One batch in flight gives the largest batches (measured: the least database work per turn); a batch
 * never waits for a row lock (see commitTurns), so one busy conversation cannot hold up the others.
 * Each turn is still acknowledged only after its own commit.
 */
export function createTurnCommitter(
  db: Db,
  options: {
    maxBatch?: number;
    maxInFlight?: number;
    /**
     * Turns that may wait for a write. Beyond it a turn is refused at once (503, "réessayez"), rather than
     * kept waiting with the others for as long as PostgreSQL is slow or stalled (up to the statement
     * timeout), which would keep every citizen of the process waiting and then answer nobody in time.
     */
    maxQueued?: number;
    /** The statement that writes a batch (tests wrap it to watch batches and inject failures). */
    commit?: typeof commitTurns;
  } = {},
): TurnCommitter {
  const maxBatch = Math.min(options.maxBatch ?? 64, MAX_TURNS_PER_COMMIT);
  const maxInFlight = options.maxInFlight ?? 1;
  const maxQueued = options.maxQueued ?? 1000;
  const commit = options.commit ?? commitTurns;
  let queue: Pending[] = [];
  let inFlight = 0;

  // One turn per conversation in a batch: a second one waits for the next batch, where its expected seq
  // no longer matches and it is retried like any concurrent turn.
  function takeBatch(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const seen = new Set<string>();
    for (const pending of queue) {
      if (batch.length < maxBatch && !seen.has(pending.turn.conversationId)) {
        seen.add(pending.turn.conversationId);
        batch.push(pending);
      } else rest.push(pending);
    }
    queue = rest;
    return batch;
  }

  async function write(batch: Pending[]): Promise<void> {
    try {
      const committed = await commit(
        db,
        batch.map((pending) => pending.turn),
      );
      for (const pending of batch) pending.resolve(committed.has(pending.turn.conversationId));
    } catch (error) {
      if (batch.length === 1 || !isRejectedByStatement(error)) {
        // A lost connection or a timeout may come after the COMMIT: resending could write a turn twice.
        for (const pending of batch) pending.reject(error);
        return;
      }
      // The statement refused the data and wrote nothing: one bad turn must not fail the others, so
      // each goes again on its own, in arrival order.
      for (const pending of batch) await write([pending]);
    }
  }

  // SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation): PostgreSQL refused the
  // statement itself, so nothing of it was written.
  function isRejectedByStatement(error: unknown): boolean {
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
  }

  function pump(): void {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = takeBatch();
      inFlight++;
      void write(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  return {
    commit(turn) {
      if (queue.length >= maxQueued) return Promise.reject(new AppError('overloaded'));
      return new Promise((resolve, reject) => {
        queue.push({ turn, resolve, reject });
        pump();
      });
    },
  };
}
