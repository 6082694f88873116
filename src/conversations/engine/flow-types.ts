/**
 * The declarative shape of a flow. Flows (src/conversations/flows/) are plain data of this shape;
 * the engine interprets them without knowing any category. Patterns are regular-expression sources
 * matched against folded text (lower case, no accents, same length as the original).
 */
import type { EntityType } from '../../extraction/types.ts';
import type { Category } from './types.ts';

export interface OptionDef {
  value: string;
  label: string;
  /**
   * Patterns that select this option in an answer to its question, and in any text while the slot is
   * empty where the question has `detect` (except patterns anchored at the start: "^oui" reads an answer,
   * not an account).
   */
  keywords?: string[];
  /**
   * Patterns that select this option in any text while the slot is empty, whatever `detect` says, and in
   * an answer too: for options whose answer words ("vu", "oui") would mean nothing in an account, while
   * some phrases ("devant les enfants", "en sécurité pour l'instant") answer the question wherever said.
   */
  mentions?: string[];
  /** Info message sent when this option is chosen (e.g. 119 when children are exposed). */
  reply?: string;
  /** Choosing it signals danger: the emergency message is sent and the state flagged. */
  emergency?: boolean;
  /** A "no / nothing" answer: recorded in the slot but produces no fact. */
  noFact?: boolean;
}

/** An entity type that fills a slot; `withAttrs` requires the entity to carry attributes. */
export type FillRule = EntityType | { type: EntityType; withAttrs: true };

export interface CaptureDef {
  /** Regex source on folded text; group 1, when present, is the value. */
  pattern: string;
  /** Fact type of the capture (defaults to the question's factType). */
  factType?: string;
}

export type Condition =
  | { has: string }
  | { valueIn: [string, string[]] }
  | { not: Condition }
  | { all: Condition[] }
  | { any: Condition[] }
  | { wantsOfficer: boolean };

/** Semantic kind of a slot (documentation and default rendering hints). */
export type SlotKind =
  | 'narrative'
  | 'text'
  | 'choice'
  | 'place'
  | 'datetime'
  | 'vehicle'
  | 'person'
  | 'photo'
  | 'safety';

export interface QuestionDef {
  id: string;
  kind: SlotKind;
  /** How it is answered: a textarea, one button, or several options at once. */
  input: 'text' | 'choice' | 'multiple';
  prompt: string;
  /** Fact type of direct answers (e.g. 'place', 'recurrence', 'activity'). */
  factType: string;
  summaryLabel: string;
  options?: OptionDef[];
  /** Choice questions: keep a text that matches no option as the answer. */
  allowText?: boolean;
  /** Extracted entities of these types mean the slot needs no question. */
  filledBy?: FillRule[];
  /** Entity types whose facts belong to this slot (defaults to the filledBy types). */
  owns?: EntityType[];
  /** Scan every citizen text for option keywords while the slot is empty. */
  detect?: boolean;
  /** Patterns capturing a value for this slot from any citizen text while it is empty. */
  capture?: CaptureDef[];
  condition?: Condition;
  /** false: never asked, only collects facts for the summary. */
  ask?: boolean;
  /** false: no "Je ne sais pas / passer" button, where an option already moves on ("Continuer"). */
  skippable?: boolean;
}

export interface FlowDefinition {
  category: Category;
  label: string;
  /** Patterns recognising this category in a first message written instead of choosing. */
  categoryKeywords: string[];
  /** Sent once when the category is chosen, before the first question. */
  intro?: string;
  questions: QuestionDef[];
  /** Slot id for extracted facts that no question owns. */
  otherSlot: { id: string; summaryLabel: string };
  /** The "stop here" option offered on every question, and where it leads. */
  stop: { label: string; goTo: 'summary' | 'done' };
  /** Offer the talk_to_officer option on every question. */
  offerOfficer?: boolean;
  /**
   * A message of distress ("je ne sais pas quoi faire", "j'ai peur", "aidez-moi") gets support (the 3919,
   * an officer, the emergency numbers) and is never taken as the answer to the question asked.
   */
  supportsDistress?: boolean;
  /** Appended to the emergency message (e.g. the "Quitter rapidement" reminder). */
  emergencyNote?: string;
  /** Sent when the report is ready to be transmitted. */
  doneText: string;
  /** The hint under the message field while this flow asks its questions. */
  inputHint: string;
  /** The summary opens with the person's account, where no question says what happened ("Autres faits"). */
  summaryQuotesNarrative?: boolean;
}
