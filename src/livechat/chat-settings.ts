import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { readSetting, writeSetting } from './chat-settings.repo.ts';

/** The live chat's settings, which an administrator changes at run time. */
export interface ChatSettings {
  /** Simultaneous chats the automatic assignment gives one operator. */
  maxChatsPerOperator: number;
  /** Minutes without activity after which an online operator counts as away (gets no new chat). */
  awayAfterMinutes: number;
}

export const DEFAULT_CHAT_SETTINGS: ChatSettings = { maxChatsPerOperator: 3, awayAfterMinutes: 5 };
const KEY = 'livechat';

export async function readChatSettings(db: Executor): Promise<ChatSettings> {
  const stored = (await readSetting(db, KEY)) as Partial<ChatSettings> | undefined;
  return { ...DEFAULT_CHAT_SETTINGS, ...stored };
}

export async function writeChatSettings(
  db: Executor,
  settings: ChatSettings,
  agentId: string,
  now: Date,
): Promise<ChatSettings> {
  if (settings.maxChatsPerOperator < 1 || settings.maxChatsPerOperator > 20) {
    throw new AppError('invalid_input', 'Entre 1 et 20 conversations simultanées par opérateur.');
  }
  if (settings.awayAfterMinutes < 1 || settings.awayAfterMinutes > 240) {
    throw new AppError('invalid_input', 'Entre 1 et 240 minutes d’inactivité avant « absent ».');
  }
  await writeSetting(db, KEY, settings, agentId, now);
  return settings;
}
