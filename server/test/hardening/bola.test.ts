/**
 * Issue 12, "done when": object-level authorization across every id-taking
 * route of the OpenAPI document. Citizen B and unit B (dermatology) own a
 * conversation, a message, an attachment, a booking and an invitation; citizen
 * A (Margit) and a nurse of unit A (Solberga, no relationship with B) call every
 * route with each of B's ids in every id field (path, query, body). No answer
 * may carry B's personnummer, name or message text, and none may be a 5xx.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { book, createCitizens, createSlot, createTimeType } from '../booking-fixtures.js';
import { citizenSession, staffSession, type TestSession } from '../helpers/sessions.js';
import { type MessagingWorld, S, setUnit, startWorld, U } from '../messaging/fixtures.js';
import { operations, requestFor } from './openapi-walk.js';

const SECRET = { given: 'Bolagivenname', family: 'Bolafamilyname', text: 'Bolasecretmessagetext' };
/** Routes that deliberately create access (audited, with a stated reason) are not side doors. */
const DELIBERATE = ['/api/staff/patients/relationship', '/api/staff/patients/emergency-access'];

let w: MessagingWorld;
let bPnr: string;
const bIds: Record<string, string> = {};

beforeAll(async () => {
  w = await startWorld();
  const t = w.t;
  const [personId] = await createCitizens(t, 1, 77);
  bIds.person = personId as string;
  await t.ctx.db
    .updateTable('persons')
    .set({ given_name: SECRET.given, family_name: SECRET.family, listed_unit_id: U.dermatology })
    .where('id', '=', bIds.person)
    .execute();
  bPnr = (
    await t.ctx.db
      .selectFrom('persons')
      .select('personal_number')
      .where('id', '=', bIds.person)
      .executeTakeFirstOrThrow()
  ).personal_number;
  const b: TestSession = await citizenSession(t, bIds.person);
  await setUnit(w, U.dermatology, 'start');

  const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: 'red' } })
    .png()
    .toBuffer();
  const upload = await t.app.inject({
    method: 'POST',
    url: `/api/messaging/attachments?filename=${SECRET.text}.png`,
    headers: { ...b.headers, 'content-type': 'image/png' },
    payload: png,
  });
  expect(upload.statusCode).toBe(201);
  bIds.attachment = upload.json().data.id;
  const started = await t.app.inject({
    method: 'POST',
    url: '/api/messaging/conversations',
    headers: b.headers,
    payload: { unitId: U.dermatology, subject: SECRET.text, body: SECRET.text, attachmentIds: [bIds.attachment] },
  });
  expect(started.statusCode).toBe(201);
  bIds.conversation = started.json().data.id;
  const message = await t.ctx.db
    .selectFrom('conversation_messages')
    .select('id')
    .where('conversation_id', '=', bIds.conversation as string)
    .executeTakeFirstOrThrow();
  bIds.message = message.id;

  const timeTypeId = await createTimeType(t);
  await t.ctx.db.insertInto('time_type_units').values({ time_type_id: timeTypeId, unit_id: U.dermatology }).execute();
  const slotId = await createSlot(t, { timeTypeId, unitId: U.dermatology, inMinutes: 3 * 24 * 60 });
  const booked = await book(t, b, { slotId });
  expect(booked.statusCode).toBe(201);
  bIds.booking = booked.json().data.id;

  const derm = await staffSession(t, S.dermatologist, { activeUnitId: U.dermatology });
  const invSlot = await createSlot(t, { timeTypeId, unitId: U.dermatology, inMinutes: 4 * 24 * 60 });
  const invited = await t.app.inject({
    method: 'POST',
    url: `/api/staff/units/${U.dermatology}/invitations`,
    headers: derm.headers,
    payload: { personalNumber: bPnr, kind: 'fixed_time', timeTypeId, slotId: invSlot, instructions: SECRET.text },
  });
  expect(invited.statusCode).toBe(201);
  bIds.invitation = invited.json().data.id;
  bIds.unit = U.dermatology;
}, 180_000);

afterAll(async () => {
  await w.t.close();
});

test("no id-taking route gives citizen A or unit A anything of citizen B's or unit B's", async () => {
  await w.t.app.ready();
  const { ops, resolve } = operations(w.t.app.swagger());
  const leaks: string[] = [];
  const markers = [bPnr, SECRET.given, SECRET.family, SECRET.text];
  let requests = 0;
  for (const op of ops) {
    if (DELIBERATE.includes(op.path)) continue;
    // Does the route take an id at all?
    let takesId = false;
    requestFor(op, 'unknown-ids', resolve, () => {
      takesId = true;
      return randomUUID();
    });
    if (!takesId) continue;
    for (const actor of ['citizen', 'staff'] as const) {
      for (const [kind, id] of Object.entries(bIds)) {
        const session =
          actor === 'citizen'
            ? await citizenSession(w.t, w.ids.margit as string)
            : await staffSession(w.t, S.nurseSolberga, { activeUnitId: U.vcSolberga });
        const { url, payload } = requestFor(op, 'unknown-ids', resolve, () => id);
        const r = await w.t.app.inject({
          method: op.method as 'GET',
          url,
          headers: session.headers,
          ...(payload !== undefined ? { payload: payload as object } : {}),
        });
        requests++;
        const label = `${actor} ${op.method} ${url} (B's ${kind}) → ${r.statusCode}`;
        if (r.statusCode >= 500) leaks.push(`${label}: server error`);
        const found = markers.filter((m) => r.body.includes(m));
        if (found.length) leaks.push(`${label}: carries ${found.join(', ')}`);
      }
    }
  }
  expect(requests).toBeGreaterThan(500);
  expect(leaks).toEqual([]);
}, 240_000);
