import { BENCH_EXTENSION, demoTriageDocument, toFhirQuestionnaire } from '@ingang/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerAll, type Json, S, startWorld, type TriageWorld, U, URINARY } from './fixtures.js';

let w: TriageWorld;
let admin: Record<string, string>;
beforeAll(async () => {
  w = await startWorld();
  admin = await w.staff(S.regionAdmin);
  // Start-up (database, migrations, demo seed) can be slow on a shared machine.
}, 180_000);
afterAll(async () => {
  await w.t.close();
});

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, headers = admin) =>
  w.t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

function withBench(doc: Json, bench: unknown[]): Json {
  const copy = structuredClone(doc);
  const ext = copy.extension.find((e: { url: string }) => e.url === BENCH_EXTENSION);
  ext.valueString = JSON.stringify(bench);
  return copy;
}

describe('authoring triage questionnaires', () => {
  let questionnaireId: string;
  let v1Id: string;

  it('is for region administrators only', async () => {
    const nurse = await w.staff(S.nurseSolberga, U.vcSolberga);
    expect((await call('GET', '/api/admin/triage/questionnaires', undefined, nurse)).statusCode).toBe(403);
    expect((await w.t.app.inject({ method: 'GET', url: '/api/admin/triage/questionnaires' })).statusCode).toBe(401);
    const list = await call('GET', '/api/admin/triage/questionnaires');
    expect(list.statusCode).toBe(200);
    const [demo] = list.json().data;
    expect(demo.versions).toEqual([expect.objectContaining({ version: 1, status: 'published' })]);
    questionnaireId = demo.id;
    v1Id = demo.versions[0].id;
  });

  it('the published version shows a passing bench and is exported as FHIR', async () => {
    const res = await call('GET', `/api/admin/triage/versions/${v1Id}`);
    expect(res.json().data.bench.every((c: Json) => c.passed)).toBe(true);
    const fhir = await call('GET', `/api/admin/triage/versions/${v1Id}/fhir`);
    expect(fhir.headers['content-disposition']).toContain('attachment');
    expect(fhir.json()).toMatchObject({ resourceType: 'Questionnaire', version: '1', status: 'active' });
  });

  it('a published version never changes', async () => {
    const doc = (await call('GET', `/api/admin/triage/versions/${v1Id}`)).json().data.document;
    const res = await call('PUT', `/api/admin/triage/versions/${v1Id}`, { document: { ...doc, title: 'Changed' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('version_frozen');
    // The database refuses too, whoever writes.
    await expect(
      w.t.ctx.db
        .updateTable('triage_versions')
        .set({ document: JSON.stringify({ changed: true }) })
        .where('id', '=', v1Id)
        .execute(),
    ).rejects.toThrow(/cannot change/);
  });

  it('a new draft: the bench must pass before publication; publishing supersedes, sessions stay pinned', async () => {
    const anna = await w.citizen('anna');
    const pinned = (
      await w.t.app.inject({ method: 'POST', url: '/api/triage/sessions', headers: anna, payload: {} })
    ).json().data;

    const draft = await call('POST', `/api/admin/triage/questionnaires/${questionnaireId}/versions`, {});
    expect(draft.statusCode, draft.body).toBe(201);
    const v2 = draft.json().data;
    expect(v2).toMatchObject({ version: 2, status: 'draft', blockers: [] });
    expect(
      (await call('POST', `/api/admin/triage/questionnaires/${questionnaireId}/versions`, {})).json().error.code,
    ).toBe('draft_exists');

    // An invalid edit is refused, naming the item.
    const broken = structuredClone(v2.document);
    broken.item[2].answerOption = [];
    const bad = await call('PUT', `/api/admin/triage/versions/${v2.id}`, { document: broken });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'invalid_questionnaire',
      fields: { 'document.concern': expect.any(String) },
    });

    // A failing bench case is saved but blocks publication.
    const failing = withBench(v2.document, [
      ...demoTriageDocument().bench,
      {
        name: 'Wrong on purpose',
        ageYears: 30,
        answers: { 'chest-pain': [{ valueBoolean: true }] },
        expect: { route: 'self_care' },
      },
    ]);
    const saved = await call('PUT', `/api/admin/triage/versions/${v2.id}`, {
      document: { ...failing, title: 'Demo v2' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().data.blockers).toEqual([expect.objectContaining({ code: 'bench_case_failed' })]);
    const refused = await call('POST', `/api/admin/triage/versions/${v2.id}/publish`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('bench_failed');

    const fixed = withBench(v2.document, demoTriageDocument().bench);
    expect(
      (await call('PUT', `/api/admin/triage/versions/${v2.id}`, { document: { ...fixed, title: 'Demo v2' } }))
        .statusCode,
    ).toBe(200);
    const published = await call('POST', `/api/admin/triage/versions/${v2.id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().data).toMatchObject({
      status: 'published',
      document: { version: '2', status: 'active', title: 'Demo v2' },
    });
    const list = (await call('GET', '/api/admin/triage/questionnaires')).json().data[0];
    expect(list.versions.map((v: Json) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);

    // The session started before stays on version 1 …
    await answerAll(w, anna, '/api/triage', pinned.id, URINARY);
    const view = (
      await w.t.app.inject({ method: 'GET', url: `/api/triage/sessions/${pinned.id}`, headers: anna })
    ).json().data;
    expect(view.questionnaire).toMatch(/\|1$/);
    // … and refuses an answer set made for version 2.
    const response = {
      resourceType: 'QuestionnaireResponse',
      questionnaire: 'https://ingang.se/fhir/Questionnaire/demo-triage|2',
      status: 'completed',
      item: [],
    };
    const mismatch = await w.t.app.inject({
      method: 'POST',
      url: `/api/triage/sessions/${pinned.id}/submit`,
      headers: anna,
      payload: { response },
    });
    expect(mismatch.statusCode).toBe(409);
    expect(mismatch.json().error).toMatchObject({
      code: 'version_mismatch',
      fields: { 'response.questionnaire': expect.any(String) },
    });
    // A new session uses version 2.
    const fresh = (
      await w.t.app.inject({ method: 'POST', url: '/api/triage/sessions', headers: anna, payload: {} })
    ).json().data;
    expect(fresh.questionnaire).toMatch(/\|2$/);
  });

  it('imports a FHIR questionnaire as a new one; the same url again is a conflict', async () => {
    const doc = demoTriageDocument();
    const fhir = toFhirQuestionnaire({
      ...doc,
      questionnaire: { ...doc.questionnaire, url: 'https://example.org/fhir/Questionnaire/imported' },
    });
    const res = await call('POST', '/api/admin/triage/questionnaires', { document: fhir });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data).toMatchObject({
      version: 1,
      status: 'draft',
      url: 'https://example.org/fhir/Questionnaire/imported',
    });
    expect((await call('POST', '/api/admin/triage/questionnaires', { document: fhir })).json().error.code).toBe(
      'questionnaire_exists',
    );
    expect((await call('POST', '/api/admin/triage/questionnaires', { demo: true })).statusCode).toBe(409);
    const notFhir = await call('POST', '/api/admin/triage/questionnaires', { document: { resourceType: 'Patient' } });
    expect(notFhir.json().error).toMatchObject({
      code: 'invalid_questionnaire',
      fields: { 'document.questionnaire': expect.any(String) },
    });
  });

  it('routing facts of a unit: the unit admin sets them, the night unit only the region', async () => {
    const unitAdmin = await w.staff(S.unitAdminSolberga, U.vcSolberga);
    const body = { offers: ['message_unit'], ageMin: null, ageMax: null, nightUnit: false, openOnHolidays: false };
    const ok = await call('PUT', `/api/admin/units/${U.vcSolberga}/triage`, body, unitAdmin);
    expect(ok.json().data).toMatchObject({ unitId: U.vcSolberga, offers: ['message_unit'] });
    expect(
      (await call('PUT', `/api/admin/units/${U.vcSolberga}/triage`, { ...body, nightUnit: true }, unitAdmin))
        .statusCode,
    ).toBe(403);
    expect((await call('PUT', `/api/admin/units/${U.vcNorrtull}/triage`, body, unitAdmin)).statusCode).toBe(403);
    const badRange = await call('PUT', `/api/admin/units/${U.vcSolberga}/triage`, { ...body, ageMin: 10, ageMax: 5 });
    expect(badRange.json().error.fields).toHaveProperty('ageMax');
    const restore = {
      offers: ['message_unit', 'drop_in_video', 'book_time'],
      ageMin: null,
      ageMax: null,
      nightUnit: false,
      openOnHolidays: false,
    };
    expect((await call('PUT', `/api/admin/units/${U.vcSolberga}/triage`, restore)).statusCode).toBe(200);
  });
});
