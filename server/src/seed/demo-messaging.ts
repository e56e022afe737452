/**
 * Demo data for secure messages: unit settings and topics, standard answers,
 * and a few conversations — Anna ↔ Solberga BVC about Elsa's rash with a
 * picture (answered by Bodil Berg), Margit's unread prescription question in
 * Solberga vårdcentral's inbox (for Nadia Nyström), and an older, closed one
 * of Karin's. Elsa is enrolled at the BVC (a registered care relationship).
 *
 * The picture's bytes are not written here (the seed knows no storage): the
 * attachment row carries DEMO_PICTURE_KEY, and the messaging module draws the
 * picture into its storage the first time it is asked for (development only —
 * demo data is refused in production).
 */
import { randomUUID } from 'node:crypto';
import { DEMO_PICTURE_KEY } from '../modules/messaging/demo-picture.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/index.js';
import { DEMO_STAFF, DEMO_UNITS, demoPerson } from './demo-data.js';

const TOPICS: Record<string, [string, string][]> = {
  [DEMO_UNITS.vcSolberga]: [
    ['Recept', 'Prescriptions'],
    ['Provsvar', 'Test results'],
    ['Sjukintyg', 'Sick note'],
    ['Övrigt', 'Other'],
  ],
  [DEMO_UNITS.bvcSolberga]: [
    ['Utslag och hud', 'Rashes and skin'],
    ['Mat och amning', 'Feeding'],
    ['Sömn', 'Sleep'],
    ['Vaccinationer', 'Vaccinations'],
    ['Övrigt', 'Other'],
  ],
  [DEMO_UNITS.maternity]: [
    ['Graviditet', 'Pregnancy'],
    ['Övrigt', 'Other'],
  ],
};

export async function seedDemoMessaging(db: Db, clock: Clock): Promise<void> {
  const now = clock.now();
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const person = async (key: string) =>
    (
      await db
        .selectFrom('persons')
        .select('id')
        .where('personal_number', '=', demoPerson(key).personalNumber)
        .executeTakeFirstOrThrow()
    ).id;
  const [anna, elsa, margit, karin] = (await Promise.all(['anna', 'elsa', 'margit', 'karin'].map(person))) as [
    string,
    string,
    string,
    string,
  ];

  await db.transaction().execute(async (trx) => {
    const settings: [string, 'start' | 'reply' | 'none', number][] = [
      [DEMO_UNITS.vcSolberga, 'start', 2],
      [DEMO_UNITS.bvcSolberga, 'start', 2],
      [DEMO_UNITS.maternity, 'start', 2],
      [DEMO_UNITS.vcNorrtull, 'reply', 3],
      [DEMO_UNITS.dermatology, 'reply', 5],
      [DEMO_UNITS.vaccCity, 'none', 2],
      [DEMO_UNITS.vaccNorr, 'none', 2],
    ];
    await trx
      .insertInto('messaging_settings')
      .values(
        settings.map(([unit_id, patient_mode, target_working_days]) => ({
          unit_id,
          patient_mode,
          target_working_days,
          updated_by_staff_id: null,
          updated_at: now,
        })),
      )
      .execute();
    const topicIds: Record<string, string[]> = {};
    for (const [unitId, labels] of Object.entries(TOPICS)) {
      topicIds[unitId] = [];
      for (const [position, [label_sv, label_en]] of labels.entries()) {
        const id = randomUUID();
        topicIds[unitId].push(id);
        await trx
          .insertInto('messaging_topics')
          .values({ id, unit_id: unitId, label_sv, label_en, position, created_at: now })
          .execute();
      }
    }
    const templates: [string, string, string][] = [
      [DEMO_UNITS.vcSolberga, 'Receptet är förnyat', 'Hej! Ditt recept är förnyat och finns på apoteket om en stund.'],
      [DEMO_UNITS.vcSolberga, 'Boka tid', 'Hej! Vi vill gärna träffa dig. Boka en tid i Ingång under "Boka tid".'],
      [
        DEMO_UNITS.bvcSolberga,
        'Utslag: råd',
        'Hej! Tack för bilden. Utslaget ser ofarligt ut. Hör av dig igen om barnet får feber eller om det sprider sig.',
      ],
    ];
    await trx
      .insertInto('messaging_templates')
      .values(
        templates.map(([unit_id, title, body]) => ({
          id: randomUUID(),
          unit_id,
          title,
          body,
          created_by_staff_id: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    // Elsa is enrolled at the BVC.
    await trx
      .insertInto('care_relationships')
      .values({
        id: randomUUID(),
        person_id: elsa,
        unit_id: DEMO_UNITS.bvcSolberga,
        reason: 'Inskriven på BVC',
        registered_by: DEMO_STAFF.bvcNurse,
        created_at: ago(60 * 24 * 365),
        ends_at: null,
      })
      .execute();

    // Anna ↔ BVC about Elsa, with a picture; Bodil has answered.
    const bvc = randomUUID();
    const first = randomUUID();
    await trx
      .insertInto('conversations')
      .values({
        id: bvc,
        unit_id: DEMO_UNITS.bvcSolberga,
        patient_id: elsa,
        topic_id: topicIds[DEMO_UNITS.bvcSolberga]![0]!,
        subject: 'Prickar på armen',
        status: 'waiting_for_patient',
        assignee_staff_id: DEMO_STAFF.bvcNurse,
        started_by: 'patient',
        last_seq: 2,
        last_visible_seq: 2,
        last_activity_at: ago(90),
        last_preview: 'Hej Anna! Tack för bilden.',
        last_unit_activity_at: ago(90),
        patient_read_seq: 1,
        patient_read_at: ago(180),
        unit_read_seq: 2,
        unit_read_at: ago(90),
        waiting_since: null,
        created_at: ago(180),
      })
      .execute();
    await trx
      .insertInto('conversation_messages')
      .values([
        {
          id: first,
          conversation_id: bvc,
          seq: 1,
          author_kind: 'representative',
          author_person_id: anna,
          author_staff_id: null,
          body: 'Hej! Elsa har fått små röda prickar på armen sedan i går. Hon har ingen feber. Jag bifogar en bild.',
          client_id: null,
          created_at: ago(180),
        },
        {
          id: randomUUID(),
          conversation_id: bvc,
          seq: 2,
          author_kind: 'staff',
          author_person_id: null,
          author_staff_id: DEMO_STAFF.bvcNurse,
          body: 'Hej Anna! Tack för bilden. Det ser ut som ett vanligt virusutslag. Hör av dig om Elsa får feber eller om prickarna sprider sig.',
          client_id: null,
          created_at: ago(90),
        },
      ])
      .execute();
    await trx
      .insertInto('message_attachments')
      .values({
        id: randomUUID(),
        storage_key: DEMO_PICTURE_KEY,
        message_id: first,
        conversation_id: bvc,
        uploaded_by_person_id: anna,
        subject_person_id: elsa,
        uploaded_by_staff_id: null,
        unit_id: null,
        filename: 'prickar.jpg',
        content_type: 'image/jpeg',
        size_bytes: 12_000,
        width: 480,
        height: 320,
        sha256: '0'.repeat(64),
        created_at: ago(180),
      })
      .execute();

    // Margit's new, unread question at the vårdcentral.
    const recept = randomUUID();
    await trx
      .insertInto('conversations')
      .values({
        id: recept,
        unit_id: DEMO_UNITS.vcSolberga,
        patient_id: margit,
        topic_id: topicIds[DEMO_UNITS.vcSolberga]![0]!,
        subject: 'Förnya blodtrycksmedicin',
        status: 'new',
        started_by: 'patient',
        last_seq: 1,
        last_visible_seq: 1,
        last_activity_at: ago(60 * 26),
        last_preview: 'Hej, jag behöver förnya mitt recept på blodtrycksmedicinen.',
        last_unit_activity_at: ago(60 * 26),
        patient_read_seq: 1,
        patient_read_at: ago(60 * 26),
        waiting_since: ago(60 * 26),
        created_at: ago(60 * 26),
      })
      .execute();
    await trx
      .insertInto('conversation_messages')
      .values({
        id: randomUUID(),
        conversation_id: recept,
        seq: 1,
        author_kind: 'patient',
        author_person_id: margit,
        author_staff_id: null,
        body: 'Hej, jag behöver förnya mitt recept på blodtrycksmedicinen. Det tar slut på fredag.',
        client_id: null,
        created_at: ago(60 * 26),
      })
      .execute();

    // Karin's older conversation, closed.
    const closed = randomUUID();
    await trx
      .insertInto('conversations')
      .values({
        id: closed,
        unit_id: DEMO_UNITS.vcSolberga,
        patient_id: karin,
        topic_id: topicIds[DEMO_UNITS.vcSolberga]![1]!,
        subject: 'Provsvar',
        status: 'closed',
        assignee_staff_id: DEMO_STAFF.nurseSolberga,
        started_by: 'staff',
        last_seq: 2,
        last_visible_seq: 2,
        last_activity_at: ago(60 * 24 * 20),
        last_preview: 'Tack för beskedet!',
        last_unit_activity_at: ago(60 * 24 * 20),
        patient_read_seq: 2,
        patient_read_at: ago(60 * 24 * 20),
        unit_read_seq: 2,
        unit_read_at: ago(60 * 24 * 20),
        created_at: ago(60 * 24 * 21),
        closed_at: ago(60 * 24 * 20),
      })
      .execute();
    await trx
      .insertInto('conversation_messages')
      .values([
        {
          id: randomUUID(),
          conversation_id: closed,
          seq: 1,
          author_kind: 'staff',
          author_person_id: null,
          author_staff_id: DEMO_STAFF.nurseSolberga,
          body: 'Hej Karin! Dina blodprover ser bra ut. Inga fler åtgärder behövs.',
          client_id: null,
          created_at: ago(60 * 24 * 21),
        },
        {
          id: randomUUID(),
          conversation_id: closed,
          seq: 2,
          author_kind: 'patient',
          author_person_id: karin,
          author_staff_id: null,
          body: 'Tack för beskedet!',
          client_id: null,
          created_at: ago(60 * 24 * 20),
        },
      ])
      .execute();
  });
}
