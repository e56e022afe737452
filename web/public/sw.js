/*
 * Ingång's service worker: web push for new messages, nothing else (no
 * caching of pages or data — health data must not linger on a shared device).
 *
 * A push says only that there is a new message, never what it says or who
 * wrote it: the text is fixed here, and the payload (if any) is read only for
 * the language and which page to open. Clicking the notification focuses an
 * open Ingång tab (and takes it to the messages) or opens a new one.
 */
const TEXTS = {
  sv: { title: 'Ingång', body: 'Du har ett nytt meddelande' },
  en: { title: 'Ingång', body: 'You have a new message' },
};
const DEFAULT_URL = '/meddelanden';

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
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
  const texts = payload.lang === 'en' ? TEXTS.en : TEXTS.sv;
  event.waitUntil(
    self.registration.showNotification(texts.title, {
      body: texts.body,
      icon: '/icon.svg',
      badge: '/icon.svg',
      tag: 'ingang-message',
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
