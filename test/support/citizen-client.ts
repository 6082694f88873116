import type { FastifyInstance } from 'fastify';

export interface CitizenConversation {
  id: string;
  token: string;
}

/** The citizen API v1 as the tests drive it, through app.inject. */
export function citizenClient(app: () => FastifyInstance) {
  return {
    /** Opens a conversation in a category. */
    async start(category = 'stupefiants'): Promise<CitizenConversation> {
      const response = await app().inject({
        method: 'POST',
        url: '/api/v1/conversations',
        payload: { category },
      });
      return response.json() as CitizenConversation;
    },
    /** Sends a citizen's free text; resolves with the raw response. */
    say(conversation: CitizenConversation, text: string) {
      return app().inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversation.id}/messages`,
        headers: { authorization: `Bearer ${conversation.token}` },
        payload: { text },
      });
    },
  };
}
