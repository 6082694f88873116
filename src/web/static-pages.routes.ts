import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { renderAccessibilityPage } from './pages/accessibility.page.ts';
import { renderHomePage } from './pages/home.page.ts';
import { renderPrivacyPage } from './pages/privacy.page.ts';
import { renderQuickExitPage } from './pages/quick-exit.page.ts';
import { renderOtherFactsThemePage } from './pages/themes/autres-faits.page.ts';
import { renderDrugsThemePage } from './pages/themes/stupefiants.page.ts';
import { renderDomesticViolenceThemePage } from './pages/themes/violences-intrafamiliales.page.ts';
import { renderSexualViolenceThemePage } from './pages/themes/violences-sexistes-et-sexuelles.page.ts';

/** The informational pages and the function rendering each (rendered once: they never change). */
export function staticPages(deps: Pick<AppDeps, 'config'>): Record<string, () => string> {
  return {
    '/': renderHomePage,
    '/themes/stupefiants': renderDrugsThemePage,
    '/themes/violences-intrafamiliales': renderDomesticViolenceThemePage,
    '/themes/violences-sexistes-et-sexuelles': renderSexualViolenceThemePage,
    '/themes/autres-faits': renderOtherFactsThemePage,
    '/quitter-rapidement': renderQuickExitPage,
    '/accessibilite': renderAccessibilityPage,
    '/confidentialite': () => renderPrivacyPage({ receiptDays: deps.config.receiptDays }),
  };
}

/**
 * Registers the informational pages. They hold nothing personal, but stay `no-store` like every page
 * so that a shared device keeps no trace of which pages were read.
 */
export function registerStaticPages(app: FastifyInstance, deps: Pick<AppDeps, 'config'>): void {
  for (const [url, render] of Object.entries(staticPages(deps))) {
    const body = render();
    app.get(url, async (_request, reply) =>
      reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body),
    );
  }
}
