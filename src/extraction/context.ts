import type { Entity, EntityType } from './types.ts';

/** State shared by the extractors for one message. */
export interface ExtractionContext {
  /** The message as received. */
  text: string;
  /** Lowercased, accent-free copy with identical offsets. */
  folded: string;
  /** Reference instant for relative dates. */
  now: Date;
  /** Home département (platform default or caller's choice). */
  departement: string;
  /** Offsets already used by a numeric entity (phone, plate, date...), so that later ones skip them. */
  claimed: Uint8Array;
  /** The text answers "which commune?" (see ExtractionOptions). */
  answersCommuneQuestion: boolean;
}

/** Creates the per-message context. */
export function createContext(
  text: string,
  folded: string,
  now: Date,
  departement: string,
  answersCommuneQuestion = false,
): ExtractionContext {
  return { text, folded, now, departement, claimed: new Uint8Array(text.length + 1), answersCommuneQuestion };
}

/** True when no offset of [start, end) was claimed by an earlier extractor. */
export function isFree(ctx: ExtractionContext, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (ctx.claimed[i] === 1) return false;
  return true;
}

/** Marks [start, end) as used. */
export function claim(ctx: ExtractionContext, start: number, end: number): void {
  ctx.claimed.fill(1, start, end);
}

/** Builds an entity whose `text` is the exact slice of the message. */
export function makeEntity(
  ctx: ExtractionContext,
  type: EntityType,
  value: string,
  start: number,
  end: number,
  attrs?: Record<string, string>,
): Entity {
  const entity: Entity = { type, value, text: ctx.text.slice(start, end), start, end };
  if (attrs && Object.keys(attrs).length > 0) entity.attrs = attrs;
  return entity;
}
