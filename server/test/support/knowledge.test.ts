/**
 * Editing the desk's knowledge (issue 16): second line creates and edits help-centre articles
 * (sv + en) and standard answers; every save is a new version with its history kept; "mark as
 * reviewed" moves the last-reviewed date without a new version; first line can only read.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, dataOf, type SupportFixture, supportFixture } from './fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: response JSON is read loosely in tests
type Json = Record<string, any>;

let f: SupportFixture;
beforeAll(async () => {
  f = await supportFixture();
});
afterAll(async () => {
  await f?.t.close();
});

const article = (o: Partial<Json> = {}) => ({
  slug: 'ny-rutin',
  locale: 'sv',
  title: 'Ny rutin för bokning',
  body: 'Så här bokar du från och med måndag.',
  keywords: 'boka rutin',
  published: true,
  ...o,
});

describe('articles', () => {
  test('second line creates and edits in Swedish and English; each save is a version with history', async () => {
    const v1 = await call(f.t, f.second, 'PUT', '/agent/articles', article());
    expect(v1.statusCode).toBe(200);
    const id = dataOf<Json>(v1).id;
    expect(dataOf<Json>(v1)).toMatchObject({ version: 1, published: true });
    f.clock.advance(60_000);
    const v2 = await call(f.t, f.second, 'PUT', '/agent/articles', article({ body: 'Ändrad text.' }));
    expect(dataOf<Json>(v2)).toMatchObject({ id, version: 2, body: 'Ändrad text.' });
    const en = await call(f.t, f.second, 'PUT', '/agent/articles', article({ locale: 'en', title: 'New routine' }));
    expect(dataOf<Json>(en).id).not.toBe(id);
    expect(dataOf<Json>(en).version).toBe(1);

    const history = dataOf<Json>(await call(f.t, f.first, 'GET', `/agent/articles/${id}/versions`));
    expect(history.versions.map((v: Json) => [v.version, v.body])).toEqual([
      [2, 'Ändrad text.'],
      [1, 'Så här bokar du från och med måndag.'],
    ]);
    expect(history.versions[0].savedBy).toBe('Sigrid Sund');
    // The public help centre shows the newest version.
    const pub = await call(f.t, null, 'GET', '/articles/ny-rutin?locale=sv');
    expect(dataOf<Json>(pub).body).toBe('Ändrad text.');
  });

  test('mark as reviewed moves the date, not the version; first line can only read', async () => {
    const list = dataOf<Json>(await call(f.t, f.first, 'GET', '/agent/articles'));
    const a = list.articles.find((x: Json) => x.slug === 'ny-rutin' && x.locale === 'sv');
    f.clock.advance(5 * 60_000);
    const reviewed = await call(f.t, f.second, 'POST', `/agent/articles/${a.id}/reviewed`);
    expect(reviewed.statusCode).toBe(200);
    expect(new Date(dataOf<Json>(reviewed).lastReviewedAt).getTime()).toBeGreaterThan(
      new Date(a.lastReviewedAt).getTime(),
    );
    const after = dataOf<Json>(await call(f.t, f.second, 'GET', '/agent/articles')).articles.find(
      (x: Json) => x.id === a.id,
    );
    expect(after).toMatchObject({ version: a.version, lastReviewedAt: dataOf<Json>(reviewed).lastReviewedAt });

    for (const r of [
      await call(f.t, f.first, 'PUT', '/agent/articles', article({ body: 'Första linjen' })),
      await call(f.t, f.first, 'POST', `/agent/articles/${a.id}/reviewed`),
    ]) {
      expect(r.statusCode).toBe(403);
      expect(r.json().error.code).toBe('second_line_only');
    }
    const unknown = await call(f.t, f.second, 'POST', '/agent/articles/00000000-0000-4000-8000-000000000000/reviewed');
    expect(unknown.statusCode).toBe(404);
    const bad = await call(f.t, f.second, 'PUT', '/agent/articles', article({ slug: 'Har Mellanslag' }));
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields)).toContain('body.slug');
  });
});

describe('standard answers', () => {
  test('each save is a new version with history; reviewed without a version; first line reads only', async () => {
    const answers = dataOf<Json>(await call(f.t, f.first, 'GET', '/agent/standard-answers')).answers;
    const hej = answers.find((a: Json) => a.shortcut === 'hej');
    const v = await call(f.t, f.second, 'PUT', '/agent/standard-answers', {
      shortcut: 'hej',
      title: 'Hälsning',
      body: 'Hej {name}, tack!',
    });
    expect(dataOf<Json>(v)).toMatchObject({ id: hej.id, version: hej.version + 1 });
    const history = dataOf<Json>(await call(f.t, f.first, 'GET', `/agent/standard-answers/${hej.id}/versions`));
    expect(history.versions.map((x: Json) => x.body)).toEqual(['Hej {name}, tack!', hej.body]);

    f.clock.advance(5 * 60_000);
    const reviewed = await call(f.t, f.second, 'POST', `/agent/standard-answers/${hej.id}/reviewed`);
    expect(reviewed.statusCode).toBe(200);
    const now = dataOf<Json>(await call(f.t, f.first, 'GET', '/agent/standard-answers')).answers.find(
      (a: Json) => a.id === hej.id,
    );
    expect(now).toMatchObject({ version: hej.version + 1, lastReviewedAt: dataOf<Json>(reviewed).lastReviewedAt });

    const denied = await call(f.t, f.first, 'PUT', '/agent/standard-answers', {
      shortcut: 'hej',
      title: 'x',
      body: 'y',
    });
    expect(denied.statusCode).toBe(403);
    expect((await call(f.t, f.first, 'POST', `/agent/standard-answers/${hej.id}/reviewed`)).statusCode).toBe(403);
    const bad = await call(f.t, f.second, 'PUT', '/agent/standard-answers', {
      shortcut: 'Has Space',
      title: 'x',
      body: 'y',
    });
    expect(bad.statusCode).toBe(400);
    expect((await call(f.t, f.nurse, 'GET', `/agent/standard-answers/${hej.id}/versions`)).statusCode).toBe(403);
  });
});
