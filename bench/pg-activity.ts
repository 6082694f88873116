/**
 * A diagnostic for the latency benches (BENCH_LIVECHAT_WAITS=1): samples pg_stat_activity of one database
 * every few milliseconds and counts what its connections were doing (running, waiting for a lock, idle
 * in a transaction, waiting for the client), with the first words of the statement. Costs PostgreSQL a
 * query per sample: off by default, and figures taken with it on are not comparable.
 */
import pg from 'pg';

export interface ActivitySampler {
  /** The most frequent states, as "count  state  statement" lines, and the number of samples. */
  stop(): Promise<{ samples: number; top: string[] }>;
}

export async function sampleActivity(
  databaseUrl: string,
  databaseName: string,
  everyMs = 10,
): Promise<ActivitySampler> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-sampler' });
  await client.connect();
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ key: string }>(
        `SELECT concat_ws('  ', coalesce(application_name, '?'), state,
           coalesce(wait_event_type || ':' || wait_event, 'cpu'),
           left(regexp_replace(query, '\\s+', ' ', 'g'), 70)) AS key
         FROM pg_stat_activity
         WHERE datname = $1 AND pid <> pg_backend_pid() AND state <> 'idle'
           AND application_name <> 'vigie-realtime'`,
        [databaseName],
      );
      samples++;
      for (const { key } of rows) counts.set(key, (counts.get(key) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      const top = [...counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 25)
        .map(([key, n]) => `${String(n).padStart(6)}  ${key}`);
      return { samples, top };
    },
  };
}
