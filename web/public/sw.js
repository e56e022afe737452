/*
 * Ingång's service worker: the app shell for offline use, and web push for new messages.
 *
 * Offline: the app's own files (index.html, the hashed bundles under /assets, icons, manifest)
 * are cached so the app opens without network; nothing under /api is ever cached here — the
 * few booking facts a person needs at the door are kept by the page itself and forgotten at
 * log out (web/src/patient/offline). Page loads go to the network first and fall back to the
 * cached shell; bundles are immutable (hashed names), so the cache answers them first.
 *
 * A push says only that there is a new message (or, for a notice such as
 * "it is your turn in the drop-in queue", its fixed text), never what it says or who
 * wrote it: the text is fixed here, and the payload (if any) is read only for
 * the language and which page to open. Clicking the notification focuses an
 * open Ingång tab (and takes it to the messages) or opens a new one.
 */
const TEXTS = {
  sv: { title: 'Ingång', body: 'Du har ett nytt meddelande' },
  en: { title: 'Ingång', body: 'You have a new message' },
};
// Notices of a fixed kind (payload `{ kind, url }`): the words are here, never in the payload.
const NOTICES = {
  drop_in_turn: {
    tag: 'ingang-drop-in',
    sv: { title: 'Ingång', body: 'Det är din tur i drop-in-kön. Öppna Ingång och anslut till videomötet.' },
    en: { title: 'Ingång', body: 'It is your turn in the drop-in queue. Open Ingång and join the video meeting.' },
  },
};
const DEFAULT_URL = '/meddelanden';

const SHELL_CACHE = 'ingang-shell-v1';
const SHELL = ['/', '/manifest.webmanifest', '/icon.svg', '/icon-192.png', '/icon-512.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      // One missing file must not stop the worker from installing (push still works).
      await Promise.all(SHELL.map((url) => cache.add(url).catch(() => undefined)));
      // The bundles index.html loads were fetched before this worker existed: cache them now.
      const index = await cache.match('/');
      const html = index ? await index.text() : '';
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
      await Promise.all(assets.map((url) => cache.add(url).catch(() => undefined)));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== SHELL_CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

function isShellFile(url) {
  return url.pathname.startsWith('/assets/') || SHELL.includes(url.pathname);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // Network first: a page load always gets the newest app when online.
    event.respondWith(
      (async () => {
        try {
          const response = await fetch(request);
          if (response.ok) {
            const cache = await caches.open(SHELL_CACHE);
            await cache.put('/', response.clone());
          }
          return response;
        } catch {
          return (await caches.match('/')) ?? Response.error();
        }
      })(),
    );
    return;
  }
  if (!isShellFile(url)) return;
  event.respondWith(
    (async () => {
      const cached = await caches.match(request);
      if (cached) return cached;
      const response = await fetch(request);
      if (response.ok) {
        const cache = await caches.open(SHELL_CACHE);
        await cache.put(request, response.clone());
      }
      return response;
    })(),
  );
});

function readPayload(event) {
  if (!event.data) return {};
  try {
    const data = event.data.json();
    return data && typeof data === 'object' ? data : {};
  } catch {
    return {};
  }
}

/** Only same-origin paths are opened; anything else falls back to the messages page. */
function safePath(value) {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : DEFAULT_URL;
}

self.addEventListener('push', (event) => {
  const payload = readPayload(event);
  const notice = Object.hasOwn(NOTICES, payload.kind) ? NOTICES[payload.kind] : null;
  const set = notice ?? TEXTS;
  const texts = payload.lang === 'en' ? set.en : set.sv;
  event.waitUntil(
    self.registration.showNotification(texts.title, {
      body: texts.body,
      icon: '/icon-192.png',
      badge: '/icon-192.png',
      tag: notice ? notice.tag : 'ingang-message',
      renotify: true,
      data: { url: safePath(payload.url) },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const path = safePath(event.notification.data?.url);
  event.waitUntil(
    (async () => {
      const target = new URL(path, self.location.origin).href;
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      for (const client of windows) {
        if (new URL(client.url).origin !== self.location.origin) continue;
        await client.focus();
        if ('navigate' in client) await client.navigate(target).catch(() => undefined);
        return;
      }
      await self.clients.openWindow(target);
    })(),
  );
});
