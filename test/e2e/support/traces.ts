import type { BrowserContext, Page } from 'playwright-core';

/** Records the URL of every request the context's pages make (documents, scripts, fetch, SSE…). */
export function recordRequestUrls(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (request) => urls.push(request.url()));
  return urls;
}

/** What the site left in the browser for its origin: web storage, IndexedDB, Cache Storage, workers. */
export interface BrowserTraces {
  localStorage: string;
  sessionStorage: string;
  indexedDbNames: string[];
  cacheNames: string[];
  serviceWorkers: number;
}

/** Reads the traces the current page's origin left in the browser (the page must be on the site). */
export async function readBrowserTraces(page: Page): Promise<BrowserTraces> {
  const inPage = await page.evaluate(async () => {
    const dump = (storage: Storage) => {
      const entries: Record<string, string | null> = {};
      for (let index = 0; index < storage.length; index++) {
        const key = storage.key(index);
        if (key !== null) entries[key] = storage.getItem(key);
      }
      return JSON.stringify(entries);
    };
    const databases = 'indexedDB' in window ? await indexedDB.databases() : [];
    return {
      localStorage: dump(window.localStorage),
      sessionStorage: dump(window.sessionStorage),
      indexedDbNames: databases.map((database) => database.name ?? ''),
      cacheNames: 'caches' in window ? await caches.keys() : [],
      registrations: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0,
    };
  });
  return {
    localStorage: inPage.localStorage,
    sessionStorage: inPage.sessionStorage,
    indexedDbNames: inPage.indexedDbNames,
    cacheNames: inPage.cacheNames,
    serviceWorkers: inPage.registrations + page.context().serviceWorkers().length,
  };
}
