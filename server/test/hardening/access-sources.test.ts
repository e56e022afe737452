/**
 * Issue 12, item 1: sending something to a patient does not open the patient's
 * record. Per relationship source (invitation, offer, conversation, video
 * meeting, booking, listing): what a unit *sends* creates no access; what the
 * patient does (books, writes, is listed) does. An invitation to a patient the
 * unit has no relationship with needs a reason, is flagged and goes on the
 * emergency-access follow-up list, and opens nothing, before or after it ends.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoPerson } from '../../src/seed/demo-data.js';
import { slotIn, unitTimeType } from '../invitations/fixtures.js';
import { type MessagingWorld, S, startWorld, U } from '../messaging/fixtures.js';

let w: MessagingWorld;
let derm: Record<string, string>;
let patientId: string;
const PATIENT = 'erik';

beforeAll(async () => {
  w = await startWorld();
  derm = await w.staff(S.dermatologist, U.dermatology);
  patientId = w.ids[PATIENT] as string;
}, 180_000);
afterAll(async () => {
  await w.t.close();
});

const overview = () => w.t.app.inject({ method: 'GET', url: `/api/staff/patients/${patientId}`, headers: derm });

describe('sending is not access', () => {
  test('the unit starts with no relationship to the patient', async () => {
    expect((await overview()).statusCode).toBe(403);
  });

  test('only sources the patient creates are registered (no invitation, offer or video source)', () => {
    const names = w.t.ctx.access.sourceNames();
    expect(names).toEqual(expect.arrayContaining(['listed', 'registered', 'booking', 'conversation']));
    for (const sent of ['invitation', 'offer', 'video', 'video_meeting']) expect(names).not.toContain(sent);
  });

  test('invitation: without a reason 403 reason_required (refusal recorded); with one, flagged, followed up, opens nothing — also after cancelling', async () => {
    const timeTypeId = await unitTimeType(w.t, U.dermatology);
    const slotId = await slotIn(w.t, timeTypeId, 3, { unitId: U.dermatology });
    const body = {
      personalNumber: demoPerson(PATIENT).personalNumber,
      kind: 'fixed_time',
      timeTypeId,
      slotId,
    };
    const url = `/api/staff/units/${U.dermatology}/invitations`;
    const refusalsBefore = await w.t.ctx.db
      .selectFrom('access_refusals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('subject_person_id', '=', patientId)
      .executeTakeFirstOrThrow();
    const noReason = await w.t.app.inject({ method: 'POST', url, headers: derm, payload: body });
    expect(noReason.statusCode).toBe(403);
    expect(noReason.json().error).toMatchObject({ code: 'reason_required', fields: { reason: expect.any(String) } });
    const refusalsAfter = await w.t.ctx.db
      .selectFrom('access_refusals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('subject_person_id', '=', patientId)
      .executeTakeFirstOrThrow();
    expect(Number(refusalsAfter.n)).toBe(Number(refusalsBefore.n) + 1);

    const sent = await w.t.app.inject({
      method: 'POST',
      url,
      headers: derm,
      payload: { ...body, reason: 'Remiss från vårdcentralen, ny patient' },
    });
    expect(sent.statusCode).toBe(201);
    const invitationId = sent.json().data.id as string;

    const flagged = await w.t.ctx.db
      .selectFrom('audit_log')
      .select(['flagged', 'reason'])
      .where('subject_person_id', '=', patientId)
      .where('record_type', '=', 'invitation')
      .where('action', '=', 'create')
      .executeTakeFirstOrThrow();
    expect(flagged.flagged).toBe(true);
    expect(flagged.reason).toContain('Remiss från vårdcentralen');

    const followUp = await w.t.app.inject({
      method: 'GET',
      url: `/api/staff/units/${U.dermatology}/emergency-accesses?status=unreviewed`,
      headers: derm,
    });
    expect(followUp.statusCode).toBe(200);
    expect(JSON.stringify(followUp.json())).toContain('Kallelse utan vårdrelation');

    // The record stays closed; the invitation itself can be read and cancelled.
    expect((await overview()).statusCode).toBe(403);
    const one = await w.t.app.inject({ method: 'GET', url: `${url}/${invitationId}`, headers: derm });
    expect(one.statusCode).toBe(200);
    const cancelled = await w.t.app.inject({
      method: 'POST',
      url: `${url}/${invitationId}/cancel`,
      headers: derm,
      payload: {},
    });
    expect(cancelled.statusCode).toBe(200);
    expect((await overview()).statusCode).toBe(403);
  });

  test('conversation: staff cannot start one with a patient the unit has no relationship with', async () => {
    const r = await w.t.app.inject({
      method: 'POST',
      url: `/api/staff/units/${U.dermatology}/conversations`,
      headers: derm,
      payload: { personId: patientId, subject: 'Hej', body: 'Hej' },
    });
    expect(r.statusCode).toBe(403);
    expect((await overview()).statusCode).toBe(403);
  });

  test('video meeting: staff cannot create one for, or invite, a patient without a relationship', async () => {
    const withPatient = await w.t.app.inject({
      method: 'POST',
      url: '/api/video/meetings',
      headers: derm,
      payload: { kind: 'one_to_one', title: 'Samtal', patientId },
    });
    expect(withPatient.statusCode).toBe(403);
    const meeting = await w.t.app.inject({
      method: 'POST',
      url: '/api/video/meetings',
      headers: derm,
      payload: { kind: 'multi_party', title: 'Konferens' },
    });
    expect(meeting.statusCode).toBe(201);
    const invite = await w.t.app.inject({
      method: 'POST',
      url: `/api/video/meetings/${meeting.json().data.id}/invitations`,
      headers: derm,
      payload: { kind: 'citizen', personId: patientId },
    });
    expect(invite.statusCode).toBe(403);
    expect((await overview()).statusCode).toBe(403);
  });

  test('offer: an offer target row opens nothing', async () => {
    // Offers are sent to lists; whatever the list, no source reads offer_targets.
    expect(w.t.ctx.access.sourceNames().some((n) => n.includes('offer'))).toBe(false);
    expect((await overview()).statusCode).toBe(403);
  });

  test('listing and booking: what the patient chose does open the record', async () => {
    await w.t.ctx.db
      .updateTable('persons')
      .set({ listed_unit_id: U.dermatology })
      .where('id', '=', patientId)
      .execute();
    try {
      expect((await overview()).statusCode).toBe(200);
    } finally {
      await w.t.ctx.db.updateTable('persons').set({ listed_unit_id: null }).where('id', '=', patientId).execute();
    }
    expect((await overview()).statusCode).toBe(403);
  });
});
