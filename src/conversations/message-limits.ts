/**
 * Bounds on what one conversation may hold. Every read decrypts the whole transcript: a bound keeps one
 * conversation from becoming a burden for the citizen's page, the streams and the officers' fiche.
 */

/** Messages a conversation may hold before transmission (the citizen's and the bot's together). */
export const MAX_MESSAGES_PER_CONVERSATION = 1000;

/**
 * Follow-up messages the reporter may add once the report is transmitted, counted from the transmission
 * (each is answered by an acknowledgement). A bound of its own: a conversation that reached its length
 * before transmission still takes follow-ups, and the wording sends the person to a new report.
 */
export const MAX_FOLLOWUP_MESSAGES = 200;
