/**
 * The service worker (web/public/sw.js) owns the words of a push: the payload
 * only names the kind, the page and the person's language. Run in a sandbox
 * with a fake `self`, it shows the drop-in "your turn" text and the new-message
 * text in Swedish or English by `lang`, Swedish when the language is missing or
 * unknown, and never opens a page off the origin.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { messagePushPayload, pushNoticePayload } from '../../src/modules/messaging/notify.js';

const source = readFileSync(fileURLToPath(new URL('../../../web/public/sw.js', import.meta.url)), 'utf8');

type Shown = { title: string; body: string; tag: string; data: { url: string } };

/** Loads sw.js and delivers one push with `payload` (a JSON string, or none); returns what it showed. */
async function deliver(payload: string | null): Promise<Shown> {
  const handlers = new Map<string, (event: unknown) => void>();
  const shown: Shown[] = [];
  const self = {
    addEventListener: (type: string, fn: (event: unknown) => void) => handlers.set(type, fn),
    registration: {
      showNotification: async (title: string, options: Omit<Shown, 'title'>) => {
        shown.push({ title, ...options });
      },
    },
    location: { origin: 'https://ingang.example' },
  };
  vm.runInNewContext(source, { self, URL, caches: {}, fetch: () => Promise.reject(new Error('offline')) });
  const waits: Promise<unknown>[] = [];
  handlers.get('push')!({
    data: payload === null ? null : { json: () => JSON.parse(payload) },
    waitUntil: (p: Promise<unknown>) => waits.push(p),
  });
  await Promise.all(waits);
  expect(shown).toHaveLength(1);
  return shown[0]!;
}

describe('service worker: the push text follows the language in the payload', () => {
  it.each([
    ['sv', 'Det är din tur i drop-in-kön. Öppna Ingång och anslut till videomötet.'],
    ['en', 'It is your turn in the drop-in queue. Open Ingång and join the video meeting.'],
  ] as const)('drop-in turn in %s', async (lang, body) => {
    const shown = await deliver(pushNoticePayload('drop_in_turn', '/sok-vard/abc', lang));
    expect(shown).toMatchObject({ title: 'Ingång', body, tag: 'ingang-drop-in', data: { url: '/sok-vard/abc' } });
  });

  it.each([
    ['sv', 'Du har ett nytt meddelande'],
    ['en', 'You have a new message'],
  ] as const)('new message in %s', async (lang, body) => {
    const shown = await deliver(messagePushPayload(lang));
    expect(shown).toMatchObject({ body, tag: 'ingang-message', data: { url: '/meddelanden' } });
  });

  it('Swedish without a language or with an unknown one; only same-origin paths are opened', async () => {
    expect((await deliver(JSON.stringify({ kind: 'drop_in_turn', url: '/sok-vard/x' }))).body).toMatch(
      /^Det är din tur/,
    );
    expect(await deliver(JSON.stringify({ kind: 'drop_in_turn', lang: 'de', url: '//evil.example' }))).toMatchObject({
      body: expect.stringMatching(/^Det är din tur/),
      data: { url: '/meddelanden' },
    });
    expect((await deliver(null)).body).toBe('Du har ett nytt meddelande');
  });
});
