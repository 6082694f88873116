import type { FastifyInstance } from 'fastify';
import { registerAuthRoutes } from '../agents/auth.routes.ts';
import type { AppDeps } from '../app-deps.ts';
import { registerAuditRoutes } from '../audit/audit.routes.ts';
import { registerChatAdminRoutes } from '../livechat/chat-admin.routes.ts';
import { registerChatToolRoutes } from '../livechat/chat-tools.routes.ts';
import { registerLiveChatRoutes } from '../livechat/livechat.routes.ts';
import { registerAgentReportRoutes } from '../reports/agent-reports.routes.ts';
import { registerAdminRoutes } from '../units/admin.routes.ts';
import { registerConsolePages } from './console-pages.routes.ts';

/** The police side: the agent API (JSON, cookie session) and the console's pages under /console. */
export async function registerConsoleSurface(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await registerAuthRoutes(app, deps);
  await registerAgentReportRoutes(app, deps);
  await registerAuditRoutes(app, deps);
  await registerAdminRoutes(app, deps);
  await registerLiveChatRoutes(app, deps);
  await registerChatToolRoutes(app, deps);
  await registerChatAdminRoutes(app, deps);
  await registerConsolePages(app, deps);
}
