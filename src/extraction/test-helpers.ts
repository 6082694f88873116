import { extractEntities } from './index.ts';
import type { EntityType } from './types.ts';

/** Reference instant of the tests: Tuesday 10 March 2026, noon in Paris. */
export const NOW = '2026-03-10T12:00:00+01:00';

/** The distinct sorted values of one type found in a message, as the scoring sees them (test helper). */
export function valuesOf(text: string, type: EntityType, departement = '25', now = NOW): string[] {
  const values = extractEntities(text, { now, departement })
    .filter((e) => e.type === type)
    .map((e) => e.value);
  return [...new Set(values)].sort();
}
