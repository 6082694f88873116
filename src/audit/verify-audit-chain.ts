import type { Executor } from '../db/database.ts';
import { readChainPage } from './audit.repo.ts';

export interface ChainProblem {
  id: number;
  /** modified: the row's content no longer gives its hash; broken_link: the row before it is not the one it was chained to (removed, inserted or reordered). */
  kind: 'modified' | 'broken_link';
}

export interface ChainReport {
  records: number;
  problems: ChainProblem[];
  /** The hash of the last record: kept elsewhere, it also reveals a trail cut short at its end. */
  head: string | null;
}

const PAGE = 5000;

/**
 * Walks the audit trail in id order and checks each record against the chain: its hash must be the
 * hash of its own content and of the previous record's hash, and its link must name the record before
 * it. A changed row, a removed one and two rows swapped all break it; the report names the rows.
 */
export async function verifyAuditChain(db: Executor): Promise<ChainReport> {
  const problems: ChainProblem[] = [];
  let previous: Buffer | null = null;
  let afterId = 0;
  let records = 0;
  while (true) {
    const rows = await readChainPage(db, afterId, PAGE);
    for (const row of rows) {
      records++;
      if (!row.hash.equals(row.recomputed)) problems.push({ id: row.id, kind: 'modified' });
      const linked = previous === null ? row.prev_hash === null : row.prev_hash?.equals(previous) === true;
      if (!linked) problems.push({ id: row.id, kind: 'broken_link' });
      previous = row.hash;
      afterId = row.id;
    }
    if (rows.length < PAGE) break;
  }
  return { records, problems, head: previous ? previous.toString('hex') : null };
}
