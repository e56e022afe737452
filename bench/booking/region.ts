/** The benchmark's region: 580 vaccination units spread over Stockholm County's 26 municipalities. */

export const UNITS = 580;
/** Unit number 0–579 → id (v4-shaped, numbered, as the SQL generator writes them). */
export const unitId = (n: number) => `b7100000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

// Stockholm County's municipalities: centre and a weight (roughly population, so Stockholm gets most units).
const MUNICIPALITIES: [string, number, number, number][] = [
  ['Stockholm', 59.33, 18.06, 30],
  ['Huddinge', 59.24, 17.98, 4],
  ['Nacka', 59.31, 18.16, 3],
  ['Botkyrka', 59.2, 17.83, 3],
  ['Haninge', 59.17, 18.14, 3],
  ['Södertälje', 59.2, 17.63, 3],
  ['Järfälla', 59.42, 17.83, 3],
  ['Solna', 59.36, 18.0, 3],
  ['Täby', 59.44, 18.07, 2],
  ['Sollentuna', 59.43, 17.95, 2],
  ['Norrtälje', 59.76, 18.7, 2],
  ['Sundbyberg', 59.36, 17.97, 2],
  ['Lidingö', 59.37, 18.13, 1],
  ['Upplands Väsby', 59.52, 17.91, 1],
  ['Värmdö', 59.32, 18.4, 1],
  ['Tyresö', 59.24, 18.23, 1],
  ['Österåker', 59.48, 18.3, 1],
  ['Sigtuna', 59.62, 17.72, 1],
  ['Vallentuna', 59.53, 18.08, 1],
  ['Ekerö', 59.29, 17.81, 1],
  ['Upplands-Bro', 59.52, 17.64, 1],
  ['Nynäshamn', 58.9, 17.95, 1],
  ['Danderyd', 59.4, 18.04, 1],
  ['Salem', 59.2, 17.77, 1],
  ['Vaxholm', 59.4, 18.35, 1],
  ['Nykvarn', 59.18, 17.43, 1],
];

/** A small deterministic PRNG (mulberry32): the same region on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface UnitRow {
  id: string;
  name: string;
  municipality: string;
  latitude: number;
  longitude: number;
}

/** The 580 units: municipality by weight, within ~6 km of its centre (more spread for the city). */
export function units(): UnitRow[] {
  const random = prng(580);
  const total = MUNICIPALITIES.reduce((s, m) => s + m[3], 0);
  return Array.from({ length: UNITS }, (_, n) => {
    let pick = random() * total;
    const m =
      MUNICIPALITIES.find((c) => {
        pick -= c[3];
        return pick < 0;
      }) ?? MUNICIPALITIES[0];
    const [name, lat, lng, weight] = m as [string, number, number, number];
    const spread = weight > 10 ? 0.06 : 0.04;
    return {
      id: unitId(n),
      name: `${name} vaccinationsmottagning ${n + 1}`,
      municipality: name,
      latitude: Number((lat + (random() - 0.5) * spread * 2).toFixed(5)),
      longitude: Number((lng + (random() - 0.5) * spread * 4).toFixed(5)),
    };
  });
}
