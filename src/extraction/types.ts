/** The entity types of ../shared/corpus/README.md; their normalized values follow its conventions. */
export const ENTITY_TYPES = [
  'plate',
  'phone',
  'money',
  'substance',
  'vehicle',
  'time',
  'date',
  'commune',
  'persons',
  'weapon',
  'handle',
] as const;

export type EntityType = (typeof ENTITY_TYPES)[number];

/** One fact found in a message; start/end are UTF-16 offsets of `text` in that message. */
export interface Entity {
  type: EntityType;
  value: string;
  text: string;
  start: number;
  end: number;
  attrs?: Record<string, string>;
}

export interface ExtractionOptions {
  /** Reference instant for relative dates (interpreted in Europe/Paris). Defaults to the current time. */
  now?: Date | string;
  /** Département hint (e.g. "25"), used to pick between communes that share a name. */
  departement?: string;
  /**
   * The text answers "which commune?": a commune near home (home département or region, or at least
   * 10,000 inhabitants) named as the whole answer is taken even when its name is also a common word
   * ("Dole"), as if written "à Dole".
   */
  answersCommuneQuestion?: boolean;
}
