/**
 * Demo video meetings (issue 7), so `npm start` shows them at once: Nadia
 * Nyström (Solberga) hosts a one-to-one follow-up with Margit and a parent
 * group (group meeting through the SFU) with Anna and Johan. Both are ad-hoc
 * (no planned start), so "Anslut" works whenever the demo runs. Booked video
 * visits ("Videomöte distriktssköterska") get their meeting when first listed.
 */
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/index.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from './demo-data.js';

const id = (n: number) => `c1b2c3d4-0007-4000-8000-${String(n).padStart(12, '0')}`;

export const DEMO_VIDEO = { margitFollowUp: id(1), parentGroup: id(2) } as const;

export async function seedDemoVideo(db: Db, clock: Clock): Promise<void> {
  const now = clock.now();
  const personId = async (key: string) =>
    (
      await db
        .selectFrom('persons')
        .select('id')
        .where('personal_number', '=', demoPerson(key).personalNumber)
        .executeTakeFirstOrThrow()
    ).id;
  const [margit, anna, johan] = [await personId('margit'), await personId('anna'), await personId('johan')];
  const meeting = (mid: string, kind: 'one_to_one' | 'group', title: string, patient: string | null) => ({
    id: mid,
    kind,
    title,
    unit_id: DEMO_UNITS.vcSolberga,
    patient_person_id: patient,
    booking_id: null,
    starts_at: null,
    ends_at: null,
    created_by_staff_id: DEMO_STAFF.nurseSolberga,
    created_at: now,
  });
  const base = { guest_token_hash: null, guest_expires_at: null, ticket_hash: null, removed_at: null, created_at: now };
  const nadia = (n: number, mid: string) => ({
    ...base,
    id: id(n),
    meeting_id: mid,
    kind: 'staff' as const,
    staff_id: DEMO_STAFF.nurseSolberga,
    person_id: null,
    for_person_id: null,
    role: 'host' as const,
    relation: 'clinician' as const,
    display_name: 'Nadia Nyström, Distriktssköterska',
  });
  const citizen = (n: number, mid: string, person: string, name: string, relation: 'patient' | 'relative') => ({
    ...base,
    id: id(n),
    meeting_id: mid,
    kind: 'citizen' as const,
    staff_id: null,
    person_id: person,
    for_person_id: null,
    role: 'participant' as const,
    relation,
    display_name: name,
  });
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('video_meetings')
      .values([
        meeting(DEMO_VIDEO.margitFollowUp, 'one_to_one', 'Uppföljning efter vårdbesök', margit),
        meeting(DEMO_VIDEO.parentGroup, 'group', 'Föräldragrupp BVC', null),
      ])
      .execute();
    await trx
      .insertInto('video_participants')
      .values([
        nadia(11, DEMO_VIDEO.margitFollowUp),
        citizen(12, DEMO_VIDEO.margitFollowUp, margit, 'Margit Holm', 'patient'),
        nadia(21, DEMO_VIDEO.parentGroup),
        citizen(22, DEMO_VIDEO.parentGroup, anna, 'Anna Lindqvist', 'relative'),
        citizen(23, DEMO_VIDEO.parentGroup, johan, 'Johan Lindqvist', 'relative'),
      ])
      .execute();
  });
}
