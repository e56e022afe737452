/**
 * The demo region: fixed ids so the README, tests and journeys can name them.
 * All people are synthetic; personnummer come from the domain generator.
 */
import { generatePersonnummer } from '@ingang/domain';
import type { OpeningHours, UnitRole } from '../platform/db/schema.js';

const weekdays = (opens: string, closes: string): OpeningHours[] =>
  [1, 2, 3, 4, 5].map((day) => ({ day, opens, closes }));

export const DEMO_UNITS = {
  vcSolberga: 'a1b2c3d4-0001-4000-8000-000000000001',
  vcNorrtull: 'a1b2c3d4-0001-4000-8000-000000000002',
  bvcSolberga: 'a1b2c3d4-0001-4000-8000-000000000003',
  maternity: 'a1b2c3d4-0001-4000-8000-000000000004',
  dermatology: 'a1b2c3d4-0001-4000-8000-000000000005',
  vaccCity: 'a1b2c3d4-0001-4000-8000-000000000006',
  vaccNorr: 'a1b2c3d4-0001-4000-8000-000000000007',
} as const;

export const demoUnits = [
  {
    id: DEMO_UNITS.vcSolberga,
    hsa_id: 'SE2321000016-DV01',
    name: 'Solberga vårdcentral',
    kind: 'vardcentral' as const,
    provider_type: 'public' as const,
    street: 'Solbergavägen 12',
    postal_code: '125 43',
    city: 'Älvsjö',
    municipality: 'Stockholm',
    latitude: 59.2797,
    longitude: 18.0073,
    phone: '08-123 450 00',
    email: 'solberga.vc@demo.ingang.se',
    website: null,
    description: 'Vårdcentral för hela familjen. Vi tar emot bokade besök, videomöten och meddelanden i appen.',
    opening_hours: weekdays('08:00', '17:00'),
    services: ['Läkarbesök', 'Distriktssköterska', 'Vaccination', 'Videomöte', 'Chatt'],
  },
  {
    id: DEMO_UNITS.vcNorrtull,
    hsa_id: 'SE2321000016-DV02',
    name: 'Norrtull vårdcentral',
    kind: 'vardcentral' as const,
    provider_type: 'public' as const,
    street: 'Norrtullsgatan 3',
    postal_code: '113 29',
    city: 'Stockholm',
    municipality: 'Stockholm',
    latitude: 59.3467,
    longitude: 18.0456,
    phone: '08-123 460 00',
    email: 'norrtull.vc@demo.ingang.se',
    website: null,
    description: 'Vårdcentral i Vasastan.',
    opening_hours: weekdays('07:30', '18:00'),
    services: ['Läkarbesök', 'Distriktssköterska', 'Videomöte', 'Chatt'],
  },
  {
    id: DEMO_UNITS.bvcSolberga,
    hsa_id: 'SE2321000016-DV03',
    name: 'Solberga barnavårdscentral (BVC)',
    kind: 'bvc' as const,
    provider_type: 'public' as const,
    street: 'Solbergavägen 12',
    postal_code: '125 43',
    city: 'Älvsjö',
    municipality: 'Stockholm',
    latitude: 59.2798,
    longitude: 18.0075,
    phone: '08-123 451 00',
    email: 'solberga.bvc@demo.ingang.se',
    website: null,
    description: 'Barnhälsovård för barn 0–6 år: hälsobesök, vaccinationer och råd till föräldrar.',
    opening_hours: weekdays('08:00', '16:30'),
    services: ['Hälsobesök', 'Vaccination', 'Föräldragrupp', 'Chatt'],
  },
  {
    id: DEMO_UNITS.maternity,
    hsa_id: 'SE2321000016-DV04',
    name: 'Förlossningen, Södra sjukhuset',
    kind: 'maternity' as const,
    provider_type: 'public' as const,
    street: 'Sjukhusbacken 10',
    postal_code: '118 83',
    city: 'Stockholm',
    municipality: 'Stockholm',
    latitude: 59.3127,
    longitude: 18.0542,
    phone: '08-123 470 00',
    email: null,
    website: null,
    description: 'Förlossning och BB. Öppet dygnet runt.',
    opening_hours: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, opens: '00:00', closes: '23:59' })),
    services: ['Förlossning', 'BB', 'Önskemål om förlossningsklinik'],
  },
  {
    id: DEMO_UNITS.dermatology,
    hsa_id: 'SE2321000016-DV05',
    name: 'Hudkliniken, Södra sjukhuset',
    kind: 'hospital_clinic' as const,
    provider_type: 'public' as const,
    street: 'Sjukhusbacken 10',
    postal_code: '118 83',
    city: 'Stockholm',
    municipality: 'Stockholm',
    latitude: 59.3125,
    longitude: 18.0547,
    phone: '08-123 480 00',
    email: null,
    website: null,
    description: 'Specialistmottagning för hudsjukdomar. Remiss krävs.',
    opening_hours: weekdays('08:00', '16:00'),
    services: ['Specialistbesök', 'Videomöte', 'E-kallelse'],
  },
  {
    id: DEMO_UNITS.vaccCity,
    hsa_id: 'SE5565000001-PV01',
    name: 'Vaccinationsbolaget City',
    kind: 'vaccinator' as const,
    provider_type: 'private' as const,
    street: 'Klarabergsgatan 50',
    postal_code: '111 21',
    city: 'Stockholm',
    municipality: 'Stockholm',
    latitude: 59.3326,
    longitude: 18.0594,
    phone: '08-555 100 00',
    email: 'city@vaccinationsbolaget.demo',
    website: 'https://vaccinationsbolaget.demo',
    description: 'Privat vaccinatör i regionens gemensamma tidbok.',
    opening_hours: weekdays('08:00', '19:00'),
    services: ['Covid-19-vaccination', 'Influensavaccination'],
  },
  {
    id: DEMO_UNITS.vaccNorr,
    hsa_id: 'SE5565000002-PV02',
    name: 'Vaccinera Norr, Täby',
    kind: 'vaccinator' as const,
    provider_type: 'private' as const,
    street: 'Stationsvägen 8',
    postal_code: '183 30',
    city: 'Täby',
    municipality: 'Täby',
    latitude: 59.4439,
    longitude: 18.0687,
    phone: '08-555 200 00',
    email: 'taby@vaccineranorr.demo',
    website: null,
    description: 'Privat vaccinatör i regionens gemensamma tidbok.',
    opening_hours: weekdays('09:00', '18:00'),
    services: ['Covid-19-vaccination', 'Influensavaccination'],
  },
];

interface DemoStaff {
  id: string;
  hsaId: string;
  givenName: string;
  familyName: string;
  title: string;
  regionAdmin?: boolean;
  supportRole?: 'first_line' | 'second_line';
  roles: [string, UnitRole][];
}

const staffId = (n: number) => `b1b2c3d4-0002-4000-8000-${String(n).padStart(12, '0')}`;
const U = DEMO_UNITS;

export const demoStaff: DemoStaff[] = [
  {
    id: staffId(1),
    hsaId: 'SE2321000016-S001',
    givenName: 'Rebecka',
    familyName: 'Regnell',
    title: 'Regionadministratör',
    regionAdmin: true,
    roles: [],
  },
  {
    id: staffId(2),
    hsaId: 'SE2321000016-S002',
    givenName: 'Nadia',
    familyName: 'Nyström',
    title: 'Distriktssköterska',
    roles: [
      [U.vcSolberga, 'clinician'],
      [U.vcSolberga, 'booking_admin'],
    ],
  },
  {
    id: staffId(3),
    hsaId: 'SE2321000016-S003',
    givenName: 'Dan',
    familyName: 'Dahl',
    title: 'Läkare',
    roles: [
      [U.vcSolberga, 'clinician'],
      [U.dermatology, 'clinician'],
    ],
  },
  {
    id: staffId(4),
    hsaId: 'SE2321000016-S004',
    givenName: 'Ulla',
    familyName: 'Unger',
    title: 'Verksamhetschef',
    roles: [
      [U.vcSolberga, 'unit_admin'],
      [U.vcSolberga, 'clinician'],
    ],
  },
  {
    id: staffId(5),
    hsaId: 'SE2321000016-S005',
    givenName: 'Nils',
    familyName: 'Norén',
    title: 'Sjuksköterska',
    roles: [
      [U.vcNorrtull, 'clinician'],
      [U.vcNorrtull, 'unit_admin'],
    ],
  },
  {
    id: staffId(6),
    hsaId: 'SE2321000016-S006',
    givenName: 'Bodil',
    familyName: 'Berg',
    title: 'BVC-sjuksköterska',
    roles: [
      [U.bvcSolberga, 'clinician'],
      [U.bvcSolberga, 'unit_admin'],
      [U.bvcSolberga, 'booking_admin'],
    ],
  },
  {
    id: staffId(7),
    hsaId: 'SE2321000016-S007',
    givenName: 'Mira',
    familyName: 'Malm',
    title: 'Barnmorska',
    roles: [
      [U.maternity, 'clinician'],
      [U.maternity, 'unit_admin'],
    ],
  },
  {
    id: staffId(8),
    hsaId: 'SE2321000016-S008',
    givenName: 'Hanna',
    familyName: 'Hed',
    title: 'Hudläkare',
    roles: [
      [U.dermatology, 'clinician'],
      [U.dermatology, 'unit_admin'],
    ],
  },
  {
    id: staffId(9),
    hsaId: 'SE5565000001-S009',
    givenName: 'Viktor',
    familyName: 'Vik',
    title: 'Vaccinatör',
    roles: [
      [U.vaccCity, 'clinician'],
      [U.vaccCity, 'booking_admin'],
      [U.vaccCity, 'unit_admin'],
    ],
  },
  {
    id: staffId(10),
    hsaId: 'SE5565000002-S010',
    givenName: 'Tove',
    familyName: 'Tall',
    title: 'Vaccinatör',
    roles: [
      [U.vaccNorr, 'clinician'],
      [U.vaccNorr, 'booking_admin'],
      [U.vaccNorr, 'unit_admin'],
    ],
  },
  {
    id: staffId(11),
    hsaId: 'SE2321000016-S011',
    givenName: 'Sam',
    familyName: 'Stöd',
    title: 'Invånarsupport, första linjen',
    supportRole: 'first_line',
    roles: [],
  },
  {
    id: staffId(12),
    hsaId: 'SE2321000016-S012',
    givenName: 'Sigrid',
    familyName: 'Sund',
    title: 'Invånarsupport, andra linjen',
    supportRole: 'second_line',
    roles: [],
  },
];

export const DEMO_STAFF = {
  regionAdmin: staffId(1),
  nurseSolberga: staffId(2),
  doctor: staffId(3),
  unitAdminSolberga: staffId(4),
  nurseNorrtull: staffId(5),
  bvcNurse: staffId(6),
  midwife: staffId(7),
  dermatologist: staffId(8),
  vaccinatorCity: staffId(9),
  vaccinatorNorr: staffId(10),
  supportFirst: staffId(11),
  supportSecond: staffId(12),
} as const;

interface DemoPerson {
  key: string;
  personalNumber: string;
  givenName: string;
  familyName: string;
  protectedIdentity?: boolean;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  municipality: string | null;
  listedUnitId: string | null;
}

const home = { street: 'Björkvägen 7', postalCode: '125 44', city: 'Älvsjö', municipality: 'Stockholm' };

export const demoPersons: DemoPerson[] = [
  {
    key: 'anna',
    personalNumber: generatePersonnummer({ birthDate: '1988-04-12', serial: 238, sex: 'female' }),
    givenName: 'Anna',
    familyName: 'Lindqvist',
    ...home,
    listedUnitId: U.vcSolberga,
  },
  {
    key: 'johan',
    personalNumber: generatePersonnummer({ birthDate: '1986-09-03', serial: 417, sex: 'male' }),
    givenName: 'Johan',
    familyName: 'Lindqvist',
    ...home,
    listedUnitId: U.vcSolberga,
  },
  {
    key: 'elsa',
    personalNumber: generatePersonnummer({ birthDate: '2021-03-14', serial: 122, sex: 'female' }),
    givenName: 'Elsa',
    familyName: 'Lindqvist',
    ...home,
    listedUnitId: U.vcSolberga,
  },
  {
    key: 'oskar',
    personalNumber: generatePersonnummer({ birthDate: '2012-06-30', serial: 395, sex: 'male' }),
    givenName: 'Oskar',
    familyName: 'Lindqvist',
    ...home,
    listedUnitId: U.vcSolberga,
  },
  {
    key: 'margit',
    personalNumber: generatePersonnummer({ birthDate: '1936-02-08', serial: 284, sex: 'female' }),
    givenName: 'Margit',
    familyName: 'Holm',
    street: 'Ekbacken 2',
    postalCode: '125 31',
    city: 'Älvsjö',
    municipality: 'Stockholm',
    listedUnitId: U.vcSolberga,
  },
  {
    key: 'erik',
    personalNumber: generatePersonnummer({ birthDate: '1986-11-21', serial: 173, sex: 'male' }),
    givenName: 'Erik',
    familyName: 'Sandberg',
    street: 'Sveavägen 101',
    postalCode: '113 50',
    city: 'Stockholm',
    municipality: 'Stockholm',
    listedUnitId: U.vcNorrtull,
  },
  {
    key: 'karin',
    personalNumber: generatePersonnummer({ birthDate: '1956-05-17', serial: 462, sex: 'female' }),
    givenName: 'Karin',
    familyName: 'Ek',
    street: 'Tallstigen 4',
    postalCode: '125 40',
    city: 'Älvsjö',
    municipality: 'Stockholm',
    listedUnitId: U.vcSolberga,
  },
  {
    key: 'sara',
    personalNumber: generatePersonnummer({ birthDate: '1995-08-09', serial: 318, sex: 'female' }),
    givenName: 'Sara',
    familyName: 'Forsberg',
    street: 'Ringvägen 40',
    postalCode: '118 60',
    city: 'Stockholm',
    municipality: 'Stockholm',
    listedUnitId: U.vcNorrtull,
  },
  {
    key: 'skyddad',
    personalNumber: generatePersonnummer({ birthDate: '1979-01-25', serial: 541, sex: 'female' }),
    givenName: 'Sanna',
    familyName: 'Skog',
    protectedIdentity: true,
    street: null,
    postalCode: null,
    city: null,
    municipality: null,
    listedUnitId: U.vcSolberga,
  },
];

export const demoPerson = (key: string): DemoPerson => {
  const p = demoPersons.find((x) => x.key === key);
  if (!p) throw new Error(`no demo person ${key}`);
  return p;
};

/** Guardian → child, as the population registry records it. */
export const demoGuardianships: [string, string][] = [
  ['anna', 'elsa'],
  ['anna', 'oskar'],
  ['johan', 'elsa'],
  ['johan', 'oskar'],
];
