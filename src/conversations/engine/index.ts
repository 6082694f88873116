/** Public API of Vigie's conversation engine (pure: no database, no HTTP). */
export {
  DANGER_FLAGS,
  DANGER_NOW_FLAGS,
  type DangerFlag,
  detectDangerIndicators,
  impliesDangerNow,
  normalizeDangerFlags,
} from './danger-indicators.ts';
export { describeFact } from './describe-fact.ts';
export { detectEmergency } from './emergency.ts';
export {
  canSubmit,
  dangerOf,
  handleCitizenInput,
  inputHintOf,
  recordMessageToOfficer,
  repeatCurrentPrompt,
  startConversation,
  summarizeForReport,
} from './engine.ts';
export type { FlowDefinition, QuestionDef } from './flow-types.ts';
export type {
  BotReply,
  Category,
  CitizenInput,
  Fact,
  FlowState,
  ReplyList,
  ReplyOption,
  ReportSummary,
  SlotAnswer,
  TurnContext,
  TurnResult,
} from './types.ts';
export { CATEGORIES, isCategory } from './types.ts';
