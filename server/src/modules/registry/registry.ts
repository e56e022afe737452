/**
 * The population registry (folkbokföringen) behind one interface. The embedded
 * default is synthetic and deterministic: demo persons come from the
 * registry_persons table; any other valid personnummer gets a name and address
 * derived from its digits, so load tests can log in millions of distinct people.
 * The production adapter (e.g. Navet via the region's integration platform)
 * implements the same interface.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../platform/db/index.js';

import type { PopulationRegistry, RegistryPerson } from '../../platform/registry.js';
import * as store from './store.js';

export type { PopulationRegistry, RegistryAddress, RegistryPerson } from '../../platform/registry.js';

const GIVEN_FEMALE = [
  'Anna',
  'Maria',
  'Eva',
  'Karin',
  'Sara',
  'Lena',
  'Emma',
  'Kerstin',
  'Ingrid',
  'Maja',
  'Elsa',
  'Alice',
  'Linnea',
  'Astrid',
  'Signe',
];
const GIVEN_MALE = [
  'Erik',
  'Lars',
  'Karl',
  'Anders',
  'Johan',
  'Per',
  'Nils',
  'Mikael',
  'Oskar',
  'Lucas',
  'Hugo',
  'William',
  'Liam',
  'Olle',
  'Gustav',
];
const FAMILY = [
  'Andersson',
  'Johansson',
  'Karlsson',
  'Nilsson',
  'Eriksson',
  'Larsson',
  'Olsson',
  'Persson',
  'Svensson',
  'Gustafsson',
  'Pettersson',
  'Jonsson',
  'Lindberg',
  'Lindqvist',
  'Berg',
  'Holm',
  'Ek',
  'Sandberg',
  'Forsberg',
  'Wallin',
];
const STREETS = [
  'Storgatan',
  'Kyrkvägen',
  'Skolgatan',
  'Björkvägen',
  'Södra vägen',
  'Tallstigen',
  'Ringvägen',
  'Parkgatan',
  'Ängsvägen',
  'Sjövägen',
];
const PLACES: [string, string, string][] = [
  ['Stockholm', 'Stockholm', '11'],
  ['Solna', 'Solna', '17'],
  ['Huddinge', 'Huddinge', '14'],
  ['Nacka', 'Nacka', '13'],
  ['Södertälje', 'Södertälje', '15'],
  ['Täby', 'Täby', '18'],
];

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length] as T;
}

/** A synthetic, stable identity derived from the number itself (never a real person's data). */
export function syntheticPerson(personalNumber: string): RegistryPerson {
  const h = createHash('sha256').update(`ingang-registry:${personalNumber}`).digest();
  const female = Number(personalNumber[10]) % 2 === 0;
  const [city, municipality, postPrefix] = pick(PLACES, h[3] ?? 0);
  return {
    personalNumber,
    givenName: pick(female ? GIVEN_FEMALE : GIVEN_MALE, h[0] ?? 0),
    familyName: pick(FAMILY, h.readUInt16BE(1)),
    protectedIdentity: false,
    address: {
      street: `${pick(STREETS, h[4] ?? 0)} ${1 + ((h[5] ?? 0) % 80)}`,
      postalCode: `${postPrefix}${(h.readUInt16BE(6) % 900) + 100}`.replace(/^(\d{3})(\d{2})$/, '$1 $2'),
      city,
      municipality,
    },
    deceased: false,
  };
}

export function createEmbeddedRegistry(db: Db): PopulationRegistry {
  return {
    async lookup(personalNumber) {
      return (await store.findRegistryPerson(db, personalNumber)) ?? syntheticPerson(personalNumber);
    },
    childrenOf: (guardianPnr) => store.childrenOf(db, guardianPnr),
    guardiansOf: (childPnr) => store.guardiansOf(db, childPnr),
  };
}
