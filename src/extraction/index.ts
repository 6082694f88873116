import { extractCommunes } from './commune.ts';
import { createContext } from './context.ts';
import { extractDates } from './date.ts';
import { extractHandles } from './handle.ts';
import { extractMoney } from './money.ts';
import { extractPersons } from './persons.ts';
import { extractPhones } from './phone.ts';
import { extractPlates } from './plate.ts';
import { extractSubstances } from './substance.ts';
import { foldText } from './text-utils.ts';
import { extractTimes } from './time.ts';
import type { Entity, ExtractionOptions } from './types.ts';
import { extractVehicles } from './vehicle.ts';
import { extractWeapons } from './weapon.ts';

export { getCommuneIndex } from './commune-index.ts';
export type { Entity, EntityType, ExtractionOptions } from './types.ts';

/** Home département of the platform when the caller gives none. */
export const DEFAULT_DEPARTEMENT = '25';

/** Parses the `now` option; throws a French message when it is not a valid date. */
export function resolveNow(now: Date | string | undefined): Date {
  if (now === undefined) return new Date();
  const date = now instanceof Date ? now : new Date(now);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Date de référence invalide : ${String(now)}`);
  return date;
}

/**
 * Extracts the entities of a French citizen message (plates, phones, money, substances, vehicles, times,
 * dates, communes, persons, weapons, handles), normalized as in shared/corpus/README.md.
 * Pure: the commune list is loaded once, on the first call. Returns entities sorted by start offset.
 */
export function extractEntities(text: string, options: ExtractionOptions = {}): Entity[] {
  const ctx = createContext(
    text,
    foldText(text),
    resolveNow(options.now),
    options.departement ?? DEFAULT_DEPARTEMENT,
    options.answersCommuneQuestion ?? false,
  );
  // Order matters for numbers: earlier extractors claim their digits (a phone is not a plate nor money).
  const entities: Entity[] = [
    ...extractHandles(ctx),
    ...extractPhones(ctx),
    ...extractPlates(ctx),
    ...extractDates(ctx),
    ...extractTimes(ctx),
    ...extractMoney(ctx),
    ...extractPersons(ctx),
    ...extractSubstances(ctx),
    ...extractVehicles(ctx),
    ...extractWeapons(ctx),
    ...extractCommunes(ctx),
  ];
  return withoutRepeats(entities).sort(
    (a, b) => a.start - b.start || a.end - b.end || a.type.localeCompare(b.type),
  );
}

/** Keeps the first of entities that share type, value and offsets (compared field by field: cheaper than a string id). */
function withoutRepeats(entities: Entity[]): Entity[] {
  const keptByStart = new Map<number, Entity[]>();
  return entities.filter((e) => {
    const kept = keptByStart.get(e.start);
    if (kept === undefined) {
      keptByStart.set(e.start, [e]);
      return true;
    }
    if (kept.some((k) => k.end === e.end && k.type === e.type && k.value === e.value)) return false;
    kept.push(e);
    return true;
  });
}
