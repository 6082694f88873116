import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app-deps.ts';
import { loadConfig } from '../../config.ts';
import { registerErrorHandler } from '../../http/error-handler.ts';
import { registerSecurityHeaders } from '../../http/security-headers.ts';
import { registerWebRoutes, renderErrorPage } from '../web.routes.ts';

/**
 * A Fastify instance with only the web routes, as app.ts wires them. Deps hold a real config and nothing
 * else: the pages tested with it never reach the database (chat flows are tested against PostgreSQL).
 */
export async function buildWebTestApp(): Promise<FastifyInstance> {
  const config = loadConfig({});
  const app = Fastify({ logger: false });
  registerSecurityHeaders(app, false);
  registerErrorHandler(app, renderErrorPage);
  await app.register(formbody);
  await app.register(cookie);
  await app.register(multipart);
  await registerWebRoutes(app, { config } as AppDeps);
  await app.ready();
  return app;
}

/** Every problem the CSP or our accessibility rules would reject, as a list of messages. */
export function findMarkupProblems(body: string): string[] {
  const problems: string[] = [];
  for (const match of body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (!/\ssrc="/.test(match[1] ?? '')) problems.push('script sans src');
    if ((match[2] ?? '').trim()) problems.push('script en ligne');
  }
  if (/<style\b/i.test(body)) problems.push('bloc <style>');
  if (/\sstyle\s*=/i.test(body)) problems.push('attribut style=');
  if (/\son[a-z]+\s*=/i.test(body)) problems.push('gestionnaire on*= en ligne');
  if (/javascript:/i.test(body)) problems.push('URL javascript:');
  for (const match of body.matchAll(/<a\b[^>]*href="https?:\/\/[^"]*"[^>]*>/gi)) {
    if (!/rel="noreferrer( noopener)?"/.test(match[0]))
      problems.push(`lien externe sans noreferrer : ${match[0]}`);
  }
  let previous = 0;
  for (const match of body.matchAll(/<h([1-6])\b/gi)) {
    const level = Number(match[1]);
    if (previous === 0 && level !== 1) problems.push('le premier titre n’est pas un h1');
    if (previous && level > previous + 1) problems.push(`titre h${level} après h${previous}`);
    previous = level;
  }
  if ((body.match(/<h1\b/gi) ?? []).length !== 1) problems.push('nombre de h1 différent de 1');
  for (const match of body.matchAll(/<(input|textarea|select)\b[^>]*>/gi)) {
    const tag = match[0];
    if (/type="(hidden|submit)"/.test(tag)) continue;
    const id = /\sid="([^"]+)"/.exec(tag)?.[1];
    if (!id || !body.includes(`for="${id}"`)) problems.push(`champ sans étiquette : ${tag}`);
  }
  return problems;
}
