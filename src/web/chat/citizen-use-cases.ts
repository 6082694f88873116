import type { uploadAttachment } from '../../attachments/upload-attachment.ts';
import type { eraseConversation } from '../../conversations/erase-conversation.ts';
import type { getConversation } from '../../conversations/get-conversation.ts';
import type { postCitizenMessage } from '../../conversations/post-citizen-message.ts';
import type { startConversation } from '../../conversations/start-conversation.ts';
import type { openFollowup } from '../../reports/open-followup.ts';
import type { submitReport } from '../../reports/submit-report.ts';

/**
 * The use cases the citizen pages call, passed in rather than imported so the page layer can be
 * exercised on its own (web.routes.ts binds the real ones).
 */
export interface CitizenUseCases {
  startConversation: typeof startConversation;
  getConversation: typeof getConversation;
  postCitizenMessage: typeof postCitizenMessage;
  submitReport: typeof submitReport;
  openFollowup: typeof openFollowup;
  eraseConversation: typeof eraseConversation;
  uploadAttachment: typeof uploadAttachment;
}

export type ConversationView = Awaited<ReturnType<typeof getConversation>>;
export type MessageView = ConversationView['messages'][number];

/** The categories a conversation may start with (same values as the API and the bot flows). */
export const CATEGORIES = [
  'stupefiants',
  'violences_intrafamiliales',
  'violences_sexuelles',
  'autre',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Narrows a form value to a known category. */
export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}
