/**
 * Targeted offers over HTTP: a 65+ offer of the unit with reserved times (a
 * 70-year-old target books, a 40-year-old neither sees nor books it), stats,
 * notification, list uploads (validated, never half-imported), risk-group
 * flags, closing, guardians, races and access.
 */
import { randomUUID } from 'node:crypto';
import { generatePersonnummer } from '@ingang/domain';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { MAIL_JOB } from '../../src/platform/mail.js';
import { seedDemo } from '../../src/seed/demo.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from '../../src/seed/demo-data.js';
import { book, bookedOf, personIdOf, verifyEmail } from '../booking-fixtures.js';
import { startTestApp, type TestApp } from '../harness.js';
import { citizenSession, staffSession, type TestSession } from '../helpers/sessions.js';
import { get, post, reservedFor, SOLBERGA, slotIn, unitTimeType } from '../invitations/fixtures.js';

const NOW = '2026-10-05T08:00:00Z';
const clock = fixedClock(NOW);
let t: TestApp;
let typeId: string;
let ulla: TestSession;
let ids: Record<string, string>;

const pnr = (key: string) => demoPerson(key).personalNumber;
const base = `/api/staff/units/${SOLBERGA}`;

beforeAll(async () => {
  t = await startTestApp({ clock, env: { SMTP_PORT: '1' } });
  await seedDemo(t.ctx.db, clock);
  typeId = await unitTimeType(t);
  ulla = await staffSession(t, DEMO_STAFF.unitAdminSolberga, { activeUnitId: SOLBERGA });
  const keys = ['karin', 'margit', 'anna', 'sara', 'johan', 'elsa', 'erik'];
  ids = Object.fromEntries(await Promise.all(keys.map(async (k) => [k, await personIdOf(t, k)] as const)));
  await verifyEmail(t, ids.karin as string, 'karin@example.se');
});
afterAll(async () => {
  await t?.close();
});

async function createOffer(body: Record<string, unknown>) {
  const res = await post(t, ulla, `${base}/offers`, { title: 'Influensavaccin 65+', timeTypeId: typeId, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data as { id: string; status: string; stats: Record<string, number> };
}

const publish = (id: string) => post(t, ulla, `${base}/offers/${id}/publish`);
const stats = async (id: string) => (await get(t, ulla, `${base}/offers/${id}`)).json().data.stats;

describe('an offer to 65+ listed at the unit, with reserved times', () => {
  let offerId: string;
  let slots: string[];

  test('create (draft, times reserved) and publish: the group is materialised, audited and notified', async () => {
    slots = [await slotIn(t, typeId, 2), await slotIn(t, typeId, 3), await slotIn(t, typeId, 4)];
    const offer = await createOffer({
      description: 'För dig som är 65 år eller äldre.',
      target: { kind: 'criteria', listedAtUnit: true, minAge: 65 },
      slotIds: slots,
    });
    offerId = offer.id;
    expect(offer).toMatchObject({ status: 'draft', stats: { reached: 0, reservedSlots: 3, reservedPlacesLeft: 3 } });
    for (const s of slots) expect(await reservedFor(t, s)).toBe(offerId);
    const res = await publish(offerId);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ status: 'published', abilities: { canPublish: false, canClose: true } });
    const targets = await t.ctx.db
      .selectFrom('offer_targets')
      .select('person_id')
      .where('offer_id', '=', offerId)
      .execute();
    const targetIds = targets.map((r) => r.person_id);
    expect(targetIds).toEqual(expect.arrayContaining([ids.karin, ids.margit]));
    expect(targetIds).not.toContain(ids.anna);
    expect(targetIds).not.toContain(ids.erik); // listed elsewhere
    expect(res.json().data.stats.reached).toBe(targetIds.length);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('subject_person_id')
      .where('record_id', '=', offerId)
      .execute();
    expect(audit.map((a) => a.subject_person_id).sort()).toEqual([...targetIds].sort());
    expect((await publish(offerId)).statusCode).toBe(409);

    await t.ctx.db.deleteFrom('jobs').where('kind', '=', MAIL_JOB).execute();
    await t.ctx.jobs.runDueJobs();
    expect((await stats(offerId)).notified).toBe(targetIds.length);
    const mails = (await t.ctx.db.selectFrom('jobs').select('payload').where('kind', '=', MAIL_JOB).execute()).map(
      (m) => m.payload as { to: string; text: string },
    );
    expect(mails.find((m) => m.to === 'karin@example.se')?.text).toContain('Influensavaccin 65+');
  });

  test('a 40-year-old neither sees the offer nor its times, and cannot book them', async () => {
    const anna = await citizenSession(t, ids.anna as string);
    expect((await get(t, anna, '/api/offers')).json().data.map((o: { id: string }) => o.id)).not.toContain(offerId);
    expect((await get(t, anna, `/api/offers/${offerId}`)).statusCode).toBe(404);
    expect((await post(t, anna, `/api/offers/${offerId}/book`, { slotId: slots[0] })).statusCode).toBe(404);
    const direct = await book(t, anna, { slotId: slots[0] });
    expect(direct.statusCode).toBe(409);
    const search = await get(t, null, `/api/slots?timeTypeId=${typeId}&unitId=${SOLBERGA}&limit=100`);
    const found = search.json().data.map((s: { id: string }) => s.id);
    for (const s of slots) expect(found).not.toContain(s);
    expect(await bookedOf(t, slots[0] as string)).toBe(0);
  });

  test('a 70-year-old target sees it and books a reserved time; the unit sees booked; only one booking per target', async () => {
    const karin = await citizenSession(t, ids.karin as string);
    const list = (await get(t, karin, '/api/offers')).json().data;
    expect(list.find((o: { id: string }) => o.id === offerId)).toMatchObject({
      title: 'Influensavaccin 65+',
      patient: { personId: ids.karin },
      abilities: { canBook: true },
    });
    const detail = (await get(t, karin, `/api/offers/${offerId}`)).json().data;
    expect(detail.slots.map((s: { id: string }) => s.id).sort()).toEqual([...slots].sort());
    const res = await post(t, karin, `/api/offers/${offerId}/book`, { slotId: slots[1] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data).toMatchObject({ status: 'booked', slotId: slots[1], patient: { personId: ids.karin } });
    expect(await bookedOf(t, slots[1] as string)).toBe(1);
    expect(await stats(offerId)).toMatchObject({ booked: 1, reservedPlacesLeft: 2 });
    const again = await post(t, karin, `/api/offers/${offerId}/book`, { slotId: slots[2] });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_booked');
    // Cancelling the booking frees the target to book again.
    const cancel = await t.app.inject({
      method: 'DELETE',
      url: `/api/bookings/${res.json().data.id}`,
      headers: karin.headers,
    });
    expect(cancel.statusCode).toBe(200);
    expect((await stats(offerId)).booked).toBe(0);
    expect((await post(t, karin, `/api/offers/${offerId}/book`, { slotId: slots[2] })).statusCode).toBe(201);
  });

  test('two targets race for the last reserved place: one booking', async () => {
    const last = await slotIn(t, typeId, 5);
    const offer = await createOffer({ target: { kind: 'criteria', listedAtUnit: true, minAge: 65 }, slotIds: [last] });
    await publish(offer.id);
    const [a, b] = await Promise.all([
      post(t, await citizenSession(t, ids.karin as string), `/api/offers/${offer.id}/book`, { slotId: last }),
      post(t, await citizenSession(t, ids.margit as string), `/api/offers/${offer.id}/book`, { slotId: last }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect(await bookedOf(t, last)).toBe(1);
  });

  test('closing releases the times not booked and ends booking through it', async () => {
    const res = await post(t, ulla, `${base}/offers/${offerId}/close`);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.status).toBe('closed');
    expect(await reservedFor(t, slots[0] as string)).toBeNull();
    const margit = await citizenSession(t, ids.margit as string);
    expect((await post(t, margit, `/api/offers/${offerId}/book`, { slotId: slots[0] })).statusCode).toBe(404);
    expect((await get(t, margit, '/api/offers')).json().data.map((o: { id: string }) => o.id)).not.toContain(offerId);
  });
});

describe('target lists', () => {
  test('a bad file: every row reported, no token, nothing stored', async () => {
    const unknown = generatePersonnummer({ birthDate: '1970-01-01', serial: 999 });
    const text = ['personnummer', pnr('karin'), '19560517-0000', pnr('karin'), unknown, 'abc'].join('\n');
    const before = await t.ctx.db.selectFrom('offer_target_uploads').select('token').execute();
    const res = await post(t, ulla, `${base}/offer-target-lists/validate`, { text });
    expect(res.statusCode).toBe(200);
    const data = res.json().data;
    expect(data).toMatchObject({ uploadToken: null, okCount: 1, errorCount: 4 });
    const byLine = Object.fromEntries(data.rows.map((r: { line: number; status: string }) => [r.line, r.status]));
    expect(byLine).toEqual({ 2: 'ok', 3: 'invalid', 4: 'duplicate', 5: 'unknown', 6: 'invalid' });
    expect(data.rows[0].message).toEqual(expect.any(String));
    expect(await t.ctx.db.selectFrom('offer_target_uploads').select('token').execute()).toHaveLength(before.length);
  });

  test('a clean file: token → offer (once) → published to exactly the list; a guardian books for the child', async () => {
    const res = await post(t, ulla, `${base}/offer-target-lists/validate`, {
      text: `${pnr('elsa')}\n${pnr('sara')};Sara\n`,
    });
    const { uploadToken, okCount, errorCount } = res.json().data;
    expect({ okCount, errorCount }).toEqual({ okCount: 2, errorCount: 0 });
    expect(uploadToken).toEqual(expect.any(String));
    const offer = await createOffer({ title: 'Särskild inbjudan', target: { kind: 'list', uploadToken } });
    const reuse = await post(t, ulla, `${base}/offers`, {
      title: 'Igen',
      timeTypeId: typeId,
      target: { kind: 'list', uploadToken },
    });
    expect(reuse.statusCode).toBe(400);
    expect(reuse.json().error.fields).toHaveProperty(['target.uploadToken']);
    const published = (await publish(offer.id)).json().data;
    expect(published).toMatchObject({ target: { kind: 'list', listSize: 2 }, stats: { reached: 2 } });
    // No reserved times: the targets book the unit's open times of the type (not self-bookable otherwise).
    const open = await slotIn(t, typeId, 6);
    const anna = await citizenSession(t, ids.anna as string);
    const forElsa = (await get(t, anna, '/api/offers')).json().data.find((o: { id: string }) => o.id === offer.id);
    expect(forElsa).toMatchObject({ patient: { personId: ids.elsa } });
    const detail = await get(t, anna, `/api/offers/${offer.id}?patientId=${ids.elsa}`);
    expect(detail.json().data.slots.map((s: { id: string }) => s.id)).toContain(open);
    const booked = await post(t, anna, `/api/offers/${offer.id}/book`, { slotId: open, patientId: ids.elsa });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json().data).toMatchObject({ patient: { personId: ids.elsa }, bookedBy: 'guardian' });
    const notSelfBookable = await book(t, anna, { slotId: await slotIn(t, typeId, 6), patientId: ids.elsa });
    expect(notSelfBookable.statusCode).toBe(403);
  });
});

describe('risk-group flags and risk-group offers', () => {
  test('flag a patient of the unit (audited), not one without a care relationship; the offer reaches the flagged', async () => {
    const nadia = await staffSession(t, DEMO_STAFF.nurseSolberga, { activeUnitId: SOLBERGA });
    const flag = await post(t, nadia, `${base}/risk-flags`, { personalNumber: pnr('johan'), riskGroup: 'diabetes' });
    expect(flag.statusCode, flag.body).toBe(201);
    expect(flag.json().data).toMatchObject({ riskGroup: 'diabetes', patient: { personId: ids.johan } });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('record_id', '=', flag.json().data.id)
      .execute();
    expect(audit).toEqual([{ action: 'create' }]);
    const twice = await post(t, nadia, `${base}/risk-flags`, { personalNumber: pnr('johan'), riskGroup: 'diabetes' });
    expect(twice.statusCode).toBe(409);
    const stranger = await post(t, nadia, `${base}/risk-flags`, { personalNumber: pnr('sara'), riskGroup: 'diabetes' });
    expect(stranger.statusCode).toBe(403);
    const bad = await post(t, nadia, `${base}/risk-flags`, { personalNumber: pnr('johan'), riskGroup: 'Hjärta!' });
    expect(bad.statusCode).toBe(400);
    const list = await get(t, nadia, `${base}/risk-flags?riskGroup=diabetes`);
    expect(list.json().data.map((f: { patient: { personId: string } }) => f.patient.personId)).toEqual([ids.johan]);

    const offer = await createOffer({ title: 'Diabetes', target: { kind: 'criteria', riskGroup: 'diabetes' } });
    expect((await publish(offer.id)).json().data.stats.reached).toBe(1);

    const removed = await t.app.inject({
      method: 'DELETE',
      url: `${base}/risk-flags/${flag.json().data.id}`,
      headers: nadia.headers,
    });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().data.removedAt).toEqual(expect.any(String));
    expect((await get(t, nadia, `${base}/risk-flags`)).json().data).toEqual([]);
  });
});

describe('bad input and access', () => {
  test('400 naming the field; nothing written', async () => {
    const before = await t.ctx.db.selectFrom('offers').select('id').execute();
    const taken = await slotIn(t, typeId, 3);
    await t.ctx.db.updateTable('slots').set({ reserved_for: randomUUID() }).where('id', '=', taken).execute();
    const free = await slotIn(t, typeId, 3);
    const cases: [Record<string, unknown>, string][] = [
      [{ target: { kind: 'criteria' } }, 'target.kind'],
      [{ target: { kind: 'criteria', minAge: 70, maxAge: 60 } }, 'target.maxAge'],
      [{ target: { kind: 'criteria', listedAtUnit: true }, slotIds: [free, taken] }, 'slotIds.1'],
      [{ target: { kind: 'criteria', listedAtUnit: true }, timeTypeId: randomUUID() }, 'timeTypeId'],
      [{ target: { kind: 'list', uploadToken: 'x'.repeat(20) } }, 'target.uploadToken'],
      [{ target: { kind: 'criteria', listedAtUnit: true }, validUntil: '2026-01-01' }, 'validUntil'],
    ];
    for (const [body, field] of cases) {
      const res = await post(t, ulla, `${base}/offers`, { title: 'Test', timeTypeId: typeId, ...body });
      expect(res.statusCode, field).toBe(400);
      expect(res.json().error.fields, field).toHaveProperty([field]);
    }
    expect(await t.ctx.db.selectFrom('offers').select('id').execute()).toHaveLength(before.length);
    expect(await reservedFor(t, free)).toBeNull();
  });

  test('401 anonymous, 403 for a clinician or a citizen, 404 for another unit', async () => {
    const body = { title: 'Test', timeTypeId: typeId, target: { kind: 'criteria', listedAtUnit: true } };
    expect((await post(t, null, `${base}/offers`, body)).statusCode).toBe(401);
    const doctor = await staffSession(t, DEMO_STAFF.doctor, { activeUnitId: SOLBERGA });
    expect((await post(t, doctor, `${base}/offers`, body)).statusCode).toBe(403);
    expect((await get(t, doctor, `${base}/offers`)).statusCode).toBe(403);
    const norrtull = await staffSession(t, DEMO_STAFF.nurseNorrtull, { activeUnitId: DEMO_UNITS.vcNorrtull });
    expect((await post(t, norrtull, `${base}/offers`, body)).statusCode).toBe(404);
    const citizen = await citizenSession(t, ids.karin as string);
    expect((await post(t, citizen, `${base}/offers`, body)).statusCode).toBe(403);
    expect((await get(t, null, '/api/offers')).statusCode).toBe(401);
  });
});

describe('OpenAPI', () => {
  test('documents the invitation and offer endpoints', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of [
      '/api/invitations',
      '/api/invitations/{id}/confirm',
      '/api/staff/units/{unitId}/invitations',
      '/api/staff/units/{unitId}/offers',
      '/api/staff/units/{unitId}/offer-target-lists/validate',
      '/api/offers/{id}/book',
      '/api/staff/units/{unitId}/risk-flags',
    ]) {
      expect(paths, p).toContain(p);
    }
  });
});
