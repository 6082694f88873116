import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.ts';
import { agentOf, clearAgentCookie, setAgentCookie } from '../http/access.ts';
import { errorSchema } from '../http/api-schemas.ts';
import { signIn } from './sign-in.ts';
import { signOut } from './sign-out.ts';

const agentView = z.object({
  username: z.string(),
  role: z.enum(['operateur', 'analyste', 'superviseur', 'admin']),
  units: z.array(z.string()).describe('Codes des unités de l’agent'),
});

/** POST /api/v1/auth/login, /logout, GET /me: the console's session (cookie vigie_console). */
export async function registerAuthRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['agents'],
        summary: 'Connexion d’un agent : mot de passe et code TOTP',
        body: z.object({
          username: z.string().min(1).max(64),
          password: z.string().min(1).max(256),
          totp: z.string().min(1).max(16).describe('Code à 6 chiffres de l’application d’authentification'),
        }),
        response: { 200: z.object({ agent: agentView }), 401: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const signed = await signIn(deps, request.body);
      setAgentCookie(reply, signed.token, deps.config.secureCookies);
      return { agent: signed.agent };
    },
  );

  routes.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'agent' },
      schema: {
        tags: ['agents'],
        summary: 'Déconnexion : la session prend fin sur le serveur',
        response: { 200: z.object({ ok: z.literal(true) }), 401: errorSchema },
      },
    },
    async (request, reply) => {
      await signOut(deps, agentOf(request));
      clearAgentCookie(reply, deps.config.secureCookies);
      return { ok: true as const };
    },
  );

  routes.get(
    '/api/v1/auth/me',
    {
      config: { access: 'agent' },
      schema: {
        tags: ['agents'],
        summary: 'L’agent connecté (prolonge la session)',
        response: { 200: z.object({ agent: agentView }), 401: errorSchema },
      },
    },
    async (request) => {
      const agent = agentOf(request);
      return { agent: { username: agent.username, role: agent.role, units: agent.unitCodes } };
    },
  );
}
