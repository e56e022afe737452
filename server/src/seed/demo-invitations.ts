/**
 * Demo invitations and offers (after the demo timebook): Nadia at Solberga has
 * sent Karin (70) an e-kallelse to a fixed doctor's time with a short form, and
 * Elsa (5, through her guardians Anna and Johan) one to book a nurse video call
 * within two weeks; the unit offers "Influensavaccin 65+" to patients listed at
 * Solberga aged 65 or more, with reserved times (Karin and Margit see it).
 */
import {
  addDays,
  birthDateBounds,
  type FormDefinition,
  replyDeadline,
  stockholmDate,
  validateFormDefinition,
} from '@ingang/domain';
import * as invitationStore from '../modules/invitations/store.js';
import * as offerStore from '../modules/offers/store.js';
import * as reservations from '../modules/timebook/reservation-store.js';
import type { Clock } from '../platform/clock.js';
import type { Db, Tx } from '../platform/db/index.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from './demo-data.js';
import { DEMO_TIME_TYPES } from './demo-timebook.js';

const id = (n: number) => `c1b2c3d4-0005-4000-8000-${String(n).padStart(12, '0')}`;
const DAY_MS = 86_400_000;

export const DEMO_INVITATIONS = { karinDoctor: id(1), elsaVideo: id(2) } as const;
export const DEMO_OFFERS = { flu65: id(11) } as const;
const FORM = id(21);

const beforeVisitForm = {
  title: { sv: 'Inför ditt besök', en: 'Before your visit' },
  questions: [
    {
      id: 'reason',
      type: 'text',
      label: { sv: 'Vad vill du ta upp vid besöket?', en: 'What would you like to discuss?' },
      required: true,
      maxLength: 500,
    },
    {
      id: 'medicines',
      type: 'yes_no',
      label: { sv: 'Tar du några läkemedel just nu?', en: 'Do you take any medicines at the moment?' },
      required: true,
    },
  ],
};

/** The first free, unreserved times of a type at Solberga from `fromDays` days ahead. */
async function freeTimes(trx: Tx, timeTypeId: string, now: Date, fromDays: number, count: number) {
  return (await freeSlots(trx, timeTypeId, now, fromDays, count)).map((r) => r.id);
}

/** As freeTimes, with each time's start. */
async function freeSlots(trx: Tx, timeTypeId: string, now: Date, fromDays: number, count: number) {
  const rows = await reservations.freeUnitSlots(trx, {
    unitId: DEMO_UNITS.vcSolberga,
    timeTypeId,
    from: new Date(now.getTime() + fromDays * DAY_MS),
    to: new Date(now.getTime() + 30 * DAY_MS),
    now,
  });
  return rows.slice(0, count);
}

async function personId(trx: Tx, key: string): Promise<string> {
  const r = await trx
    .selectFrom('persons')
    .select('id')
    .where('personal_number', '=', demoPerson(key).personalNumber)
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Loads the demo invitations and offer. */
export async function seedDemoInvitations(db: Db, clock: Clock): Promise<void> {
  const now = clock.now();
  const checked = validateFormDefinition(beforeVisitForm);
  if (!checked.ok) throw new Error(`demo form is invalid: ${checked.errors.join(' ')}`);
  const definition: FormDefinition = checked.value;
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('health_forms').values({ id: FORM, name: definition.title.sv, created_at: now }).execute();
    await trx
      .insertInto('health_form_versions')
      .values({
        id: id(22),
        form_id: FORM,
        version: 1,
        definition: JSON.stringify(definition),
        created_by_staff_id: DEMO_STAFF.regionAdmin,
        created_at: now,
      })
      .execute();

    const unitId = DEMO_UNITS.vcSolberga;
    const staffId = DEMO_STAFF.nurseSolberga;
    const [doctor] = await freeSlots(trx, DEMO_TIME_TYPES.doctorVisit, now, 2, 1);
    const doctorTime = doctor?.id;
    if (doctorTime) {
      await invitationStore.insertInvitation(trx, {
        id: DEMO_INVITATIONS.karinDoctor,
        unitId,
        personId: await personId(trx, 'karin'),
        kind: 'fixed_time',
        timeTypeId: DEMO_TIME_TYPES.doctorVisit,
        slotId: doctorTime,
        periodFrom: null,
        periodTo: null,
        instructions: 'Välkommen på årlig kontroll av blodtrycket. Ta med dina mätvärden hemifrån om du har några.',
        formVersionId: id(22),
        // Due before the visit, as the server sets it (issue 19: "9 Dec, answer by 14 Dec").
        respondBy: replyDeadline(now, 7, doctor?.starts_at ?? null),
        staffId,
        now,
      });
      await reservations.reserveSlots(trx, [doctorTime], {
        unitId,
        timeTypeId: DEMO_TIME_TYPES.doctorVisit,
        holder: DEMO_INVITATIONS.karinDoctor,
        now,
      });
    }

    const today = stockholmDate(now);
    const videoSlots = await freeSlots(trx, DEMO_TIME_TYPES.videoNurse, now, 1, 3);
    const videoTimes = videoSlots.map((r) => r.id);
    if (videoTimes.length > 0) {
      await invitationStore.insertInvitation(trx, {
        id: DEMO_INVITATIONS.elsaVideo,
        unitId,
        personId: await personId(trx, 'elsa'),
        kind: 'book_within_period',
        timeTypeId: DEMO_TIME_TYPES.videoNurse,
        slotId: null,
        periodFrom: today,
        periodTo: addDays(today, 14),
        instructions: 'Uppföljning efter öroninflammationen. Välj en tid som passar för ett kort videosamtal.',
        formVersionId: null,
        respondBy: replyDeadline(now, 10, videoSlots.at(-1)?.starts_at ?? null),
        staffId,
        now,
      });
      await reservations.reserveSlots(trx, videoTimes, {
        unitId,
        timeTypeId: DEMO_TIME_TYPES.videoNurse,
        holder: DEMO_INVITATIONS.elsaVideo,
        now,
      });
    }

    const fluTimes = await freeTimes(trx, DEMO_TIME_TYPES.influenza, now, 1, 8);
    await offerStore.insertOffer(trx, {
      id: DEMO_OFFERS.flu65,
      unitId,
      timeTypeId: DEMO_TIME_TYPES.influenza,
      title: 'Influensavaccin för dig som är 65 år eller äldre',
      description: 'Vi har reserverat tider för våra listade patienter som är 65 år eller äldre. Vaccinet är gratis.',
      targetKind: 'criteria',
      listedAtUnit: true,
      minAge: 65,
      maxAge: null,
      riskGroup: null,
      uploadToken: null,
      listSize: null,
      hasReserved: fluTimes.length > 0,
      validUntil: addDays(today, 30),
      staffId: DEMO_STAFF.unitAdminSolberga,
      now,
    });
    await reservations.reserveSlots(trx, fluTimes, {
      unitId,
      timeTypeId: DEMO_TIME_TYPES.influenza,
      holder: DEMO_OFFERS.flu65,
      now,
    });
    const bounds = birthDateBounds(65, null, today);
    await offerStore.insertCriteriaTargets(trx, {
      offerId: DEMO_OFFERS.flu65,
      unitId,
      listedAtUnit: true,
      riskGroup: null,
      ...bounds,
      now,
    });
    await offerStore.setStatus(trx, DEMO_OFFERS.flu65, ['draft'], 'published', now);
  });
}
