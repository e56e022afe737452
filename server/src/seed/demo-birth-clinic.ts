/**
 * Demo data for the birth-clinic wish (issue 17): an antenatal clinic
 * (Barnmorskemottagningen Älvsjö, midwife Maja Moberg), seven delivery clinics
 * (Förlossningen, Södra sjukhuset is the existing maternity unit, Mira Malm
 * works there), yearly plans for this year and next with two summer weeks
 * where only three clinics take births, and Sara Forsberg's registered
 * pregnancy (due in about 26 weeks, so she can state her wish).
 */
import { addDays, cutoffAt, isoWeek, stockholmDate } from '@ingang/domain';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/index.js';
import { DEMO_UNITS, demoPerson } from './demo-data.js';

const unitId = (n: number) => `a1b2c3d4-0017-4000-8000-${String(n).padStart(12, '0')}`;
const clinicId = (n: number) => `a1b2c3d4-0171-4000-8000-${String(n).padStart(12, '0')}`;

export const DEMO_BIRTH = {
  antenatalUnit: unitId(1),
  midwifeStaff: 'b1b2c3d4-0002-4000-8000-000000000171',
  southClinic: clinicId(1),
  northClinic: clinicId(2),
  saraPregnancy: 'c1b2c3d4-0017-4000-8000-000000000001',
} as const;

// [unit id, name, short name, street, postal code, city, lat, lng, births/year, description]
const delivery: [string, string, string, string, string, string, number, number, number, string][] = [
  [
    DEMO_UNITS.maternity,
    'Förlossningen, Södra sjukhuset',
    'Södra',
    'Sjukhusbacken 10',
    '118 83',
    'Stockholm',
    59.3127,
    18.0542,
    6700,
    'Stor förlossning med neonatalavdelning.',
  ],
  [
    unitId(2),
    'Förlossningen, Norra sjukhuset',
    'Norra',
    'Sjukhusvägen 1',
    '182 88',
    'Danderyd',
    59.3919,
    18.0412,
    5500,
    'Förlossning och BB med specialistmödravård.',
  ],
  [
    unitId(3),
    'Förlossningen, Karolinen',
    'Karolinen',
    'Karolinska vägen 8',
    '171 76',
    'Solna',
    59.3496,
    18.0317,
    4200,
    'Förlossning med högspecialiserad vård.',
  ],
  [
    unitId(4),
    'Förlossningen, Huddinge sjukhus',
    'Huddinge',
    'Hälsovägen 13',
    '141 86',
    'Huddinge',
    59.2219,
    17.9379,
    4800,
    'Förlossning och BB i södra länet.',
  ],
  [
    unitId(5),
    'Förlossningen, Västra sjukhuset',
    'Västra',
    'Sankt Görans plan 1',
    '112 81',
    'Stockholm',
    59.3385,
    18.0193,
    3000,
    'Nyare förlossning som växer: 2 000 nu, 4 000 om några år.',
  ],
  [
    unitId(6),
    'Förlossningen, Södertälje sjukhus',
    'Södertälje',
    'Rosenborgsgatan 6',
    '152 86',
    'Södertälje',
    59.1775,
    17.6412,
    1500,
    'Mindre förlossning med lugn miljö.',
  ],
  [
    unitId(7),
    'Förlossningen, Nacka sjukhus',
    'Nacka',
    'Sjukhusgatan 3',
    '131 45',
    'Nacka',
    59.3091,
    18.1631,
    1800,
    'Barnmorskeledd förlossning för friska förstföderskor.',
  ],
];

export async function seedDemoBirthClinic(db: Db, clock: Clock): Promise<void> {
  const now = clock.now();
  const today = stockholmDate(now);
  const year = Number(today.slice(0, 4));
  const sara = await db
    .selectFrom('persons')
    .select('id')
    .where('personal_number', '=', demoPerson('sara').personalNumber)
    .executeTakeFirstOrThrow();
  await db.transaction().execute(async (trx) => {
    const unitBase = {
      provider_type: 'public' as const,
      municipality: 'Stockholm',
      phone: null,
      email: null,
      website: null,
      opening_hours: JSON.stringify([1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, opens: '00:00', closes: '23:59' }))),
      created_at: now,
      updated_at: now,
    };
    await trx
      .insertInto('units')
      .values([
        {
          ...unitBase,
          id: DEMO_BIRTH.antenatalUnit,
          hsa_id: 'SE2321000016-BM01',
          name: 'Barnmorskemottagningen Älvsjö',
          kind: 'maternity',
          street: 'Älvsjövägen 30',
          postal_code: '125 30',
          city: 'Älvsjö',
          latitude: 59.2786,
          longitude: 18.0106,
          description: 'Barnmorskemottagning: graviditetskontroller och önskemål om förlossningsklinik.',
          services: ['Mödrahälsovård', 'Önskemål om förlossningsklinik'],
        },
        ...delivery
          .filter(([id]) => id !== DEMO_UNITS.maternity)
          .map(([id, name, , street, postal_code, city, latitude, longitude], i) => ({
            ...unitBase,
            id,
            hsa_id: `SE2321000016-FL${String(i + 2).padStart(2, '0')}`,
            name,
            kind: 'maternity' as const,
            street,
            postal_code,
            city,
            latitude,
            longitude,
            description: 'Förlossning och BB. Öppet dygnet runt.',
            services: ['Förlossning', 'BB'],
          })),
      ])
      .execute();
    await trx
      .insertInto('birth_clinics')
      .values(
        delivery.map(([unit_id, , short_name, , , , , , , description], i) => ({
          id: clinicId(i + 1),
          unit_id,
          short_name,
          description_sv: description,
          description_en: '',
          active: true,
          created_at: now,
        })),
      )
      .execute();
    await trx
      .insertInto('birth_capacity_plans')
      .values(
        delivery.flatMap(([, , , , , , , , births], i) =>
          [year, year + 1].map((y) => ({
            clinic_id: clinicId(i + 1),
            year: y,
            births,
            updated_at: now,
            updated_by_staff_id: null,
          })),
        ),
      )
      .execute();
    // Two summer weeks next year: only Södra, Norra and Huddinge take births.
    const closures = [4, 5, 6, 7].flatMap((n) =>
      [`${year + 1}-W29`, `${year + 1}-W30`].map((week) => ({
        clinic_id: clinicId(n),
        week,
        capacity: null,
        closed: true,
        reason: 'Sommarstängt',
        updated_at: now,
        updated_by_staff_id: null,
      })),
    );
    await trx.insertInto('birth_capacity_weeks').values(closures).execute();
    await trx
      .insertInto('staff')
      .values({
        id: DEMO_BIRTH.midwifeStaff,
        oidc_subject: 'SE2321000016-S171',
        hsa_id: 'SE2321000016-S171',
        given_name: 'Maja',
        family_name: 'Moberg',
        email: 'maja.moberg@demo.ingang.se',
        title: 'Barnmorska',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('staff_unit_roles')
      .values([
        { staff_id: DEMO_BIRTH.midwifeStaff, unit_id: DEMO_BIRTH.antenatalUnit, role: 'clinician', created_at: now },
        { staff_id: DEMO_BIRTH.midwifeStaff, unit_id: DEMO_BIRTH.antenatalUnit, role: 'unit_admin', created_at: now },
      ])
      .execute();
    const due = addDays(today, 26 * 7);
    await trx
      .insertInto('pregnancies')
      .values({
        id: DEMO_BIRTH.saraPregnancy,
        person_id: sara.id,
        antenatal_unit_id: DEMO_BIRTH.antenatalUnit,
        due_date: due,
        delivery_week: isoWeek(due),
        cutoff_at: cutoffAt(due),
        status: 'active',
        registered_at: now,
        registered_by_staff_id: DEMO_BIRTH.midwifeStaff,
        updated_at: now,
      })
      .execute();
  });
}
