/**
 * The demo triage: the DEMO questionnaire (not clinical advice) published as
 * version 1, and the routing facts of the demo units: Solberga vårdcentral
 * takes messages, drop-in video and bookings; the BVC takes children up to 5
 * by drop-in and message; Norrtull takes messages and bookings.
 */
import { randomUUID } from 'node:crypto';
import { demoTriageDocument, toFhirQuestionnaire } from '@ingang/domain';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/index.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from './demo-data.js';

export async function seedDemoTriage(db: Db, clock: Clock): Promise<void> {
  const now = clock.now();
  const doc = demoTriageDocument('1');
  const fhir = toFhirQuestionnaire({ ...doc, questionnaire: { ...doc.questionnaire, status: 'active' } });
  const questionnaireId = randomUUID();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('triage_questionnaires')
      .values({
        id: questionnaireId,
        url: fhir.url,
        title: fhir.title,
        created_by_staff_id: DEMO_STAFF.regionAdmin,
        created_at: now,
      })
      .execute();
    await trx
      .insertInto('triage_versions')
      .values({
        id: randomUUID(),
        questionnaire_id: questionnaireId,
        version: 1,
        status: 'published',
        document: JSON.stringify(fhir),
        created_by_staff_id: DEMO_STAFF.regionAdmin,
        created_at: now,
        updated_at: now,
        published_by_staff_id: DEMO_STAFF.regionAdmin,
        published_at: now,
      })
      .execute();
    const settings = [
      {
        unit_id: DEMO_UNITS.vcSolberga,
        offers: ['message_unit', 'drop_in_video', 'book_time'],
        age_min: null,
        age_max: null,
      },
      { unit_id: DEMO_UNITS.bvcSolberga, offers: ['message_unit', 'drop_in_video'], age_min: 0, age_max: 5 },
      { unit_id: DEMO_UNITS.vcNorrtull, offers: ['message_unit', 'book_time'], age_min: null, age_max: null },
    ];
    await trx
      .insertInto('triage_unit_settings')
      .values(settings.map((s) => ({ ...s, updated_at: now })))
      .execute();

    // Continuity: Margit's diabetes care at Solberga VC with Nadia as her care contact.
    const margit = await trx
      .selectFrom('persons')
      .select('id')
      .where('personal_number', '=', demoPerson('margit').personalNumber)
      .executeTakeFirst();
    const margitTopic = await trx
      .selectFrom('messaging_topics')
      .select('id')
      .where('unit_id', '=', DEMO_UNITS.vcSolberga)
      .where('label_sv', '=', 'Övrigt')
      .executeTakeFirst();
    if (margit) {
      await trx
        .insertInto('care_episodes')
        .values({
          id: randomUUID(),
          unit_id: DEMO_UNITS.vcSolberga,
          patient_person_id: margit.id,
          label: 'Diabetes',
          contact_staff_id: DEMO_STAFF.nurseSolberga,
          topic_id: margitTopic?.id ?? null,
          created_by_staff_id: DEMO_STAFF.nurseSolberga,
          created_at: now,
        })
        .execute();
    }

    // Errand types Solberga VC has switched on, each under the inbox topic it belongs to.
    const topics = await trx
      .selectFrom('messaging_topics')
      .select(['id', 'label_sv'])
      .where('unit_id', '=', DEMO_UNITS.vcSolberga)
      .execute();
    const topic = (label: string) => topics.find((t) => t.label_sv === label)?.id ?? null;
    const errands: [string, string | null][] = [
      ['prescription_renewal', topic('Recept')],
      ['certificate', topic('Sjukintyg')],
      ['contact_me', topic('Övrigt')],
      ['journal_copy', topic('Övrigt')],
      ['book_time', null],
      ['ask_question', topic('Övrigt')],
    ];
    await trx
      .insertInto('unit_errand_types')
      .values(
        errands.map(([kind, topic_id]) => ({
          unit_id: DEMO_UNITS.vcSolberga,
          kind,
          enabled: true,
          response_days: null,
          topic_id,
          updated_by_staff_id: DEMO_STAFF.unitAdminSolberga,
          updated_at: now,
        })),
      )
      .execute();
  });
}
