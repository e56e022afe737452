/**
 * "Near me" for the slot search: a point from a Swedish postal code or
 * "lat,lng", and which units lie within a radius of it.
 *
 * Postal codes are placed by their first three digits with a small embedded
 * table of approximate centres for Stockholm County (good to a few km — the
 * filter is "within 25 km", not a route planner). A prefix outside the table
 * falls back to the coordinates of a unit whose own postal code has the same
 * prefix; otherwise the code is reported as unknown (400). A real deployment
 * would load a full postal-code register instead of this table.
 */
import { distanceKm, type Point } from '@ingang/domain';

export type { Point };

/** Radius of the distance filter. */
export const NEAR_RADIUS_KM = 25;

// Approximate centres of 3-digit postal-code areas in Stockholm County.
const PREFIX_CENTRES: Record<string, [number, number]> = {
  '100': [59.332, 18.064],
  '101': [59.332, 18.064],
  '102': [59.34, 18.05],
  '103': [59.332, 18.064],
  '104': [59.34, 18.05],
  '105': [59.332, 18.064],
  '106': [59.332, 18.064],
  '107': [59.332, 18.064],
  '111': [59.333, 18.062],
  '112': [59.332, 18.035],
  '113': [59.345, 18.05],
  '114': [59.34, 18.08],
  '115': [59.34, 18.1],
  '116': [59.313, 18.085],
  '117': [59.317, 18.04],
  '118': [59.315, 18.065],
  '120': [59.3, 18.08],
  '121': [59.29, 18.08],
  '122': [59.28, 18.07],
  '123': [59.245, 18.09],
  '124': [59.265, 18.05],
  '125': [59.28, 18.0],
  '126': [59.295, 17.98],
  '127': [59.275, 17.905],
  '128': [59.275, 18.13],
  '129': [59.285, 17.96],
  '131': [59.31, 18.165],
  '132': [59.325, 18.27],
  '133': [59.285, 18.3],
  '134': [59.325, 18.39],
  '135': [59.245, 18.23],
  '136': [59.17, 18.14],
  '137': [59.12, 18.1],
  '138': [59.26, 18.18],
  '139': [59.35, 18.45],
  '141': [59.235, 17.98],
  '142': [59.22, 18.05],
  '143': [59.265, 17.88],
  '144': [59.195, 17.75],
  '145': [59.245, 17.83],
  '146': [59.205, 17.905],
  '147': [59.2, 17.83],
  '148': [59.03, 17.95],
  '149': [58.905, 17.945],
  '151': [59.195, 17.625],
  '152': [59.18, 17.64],
  '153': [59.095, 17.565],
  '155': [59.16, 17.75],
  '161': [59.34, 17.94],
  '162': [59.365, 17.87],
  '163': [59.385, 17.9],
  '164': [59.405, 17.945],
  '165': [59.365, 17.83],
  '167': [59.335, 17.96],
  '168': [59.345, 17.925],
  '169': [59.36, 18.0],
  '170': [59.365, 18.01],
  '171': [59.36, 18.0],
  '172': [59.36, 17.97],
  '173': [59.37, 17.96],
  '174': [59.375, 17.96],
  '175': [59.42, 17.835],
  '176': [59.41, 17.85],
  '177': [59.425, 17.83],
  '178': [59.29, 17.81],
  '179': [59.33, 17.7],
  '181': [59.365, 18.145],
  '182': [59.4, 18.035],
  '183': [59.445, 18.07],
  '184': [59.48, 18.3],
  '185': [59.4, 18.35],
  '186': [59.535, 18.08],
  '187': [59.445, 18.07],
  '191': [59.43, 17.95],
  '192': [59.43, 17.95],
  '193': [59.62, 17.725],
  '194': [59.52, 17.91],
  '195': [59.62, 17.855],
  '196': [59.48, 17.75],
  '197': [59.51, 17.635],
  '760': [59.76, 18.7],
  '761': [59.76, 18.7],
  '762': [59.62, 18.55],
  '763': [59.9, 18.6],
};

/**
 * The ids of the units within `radiusKm` of `point`, in the order given. A plain
 * loop with `distanceKm`: it runs over every active unit on each "near" search.
 */
export function unitsWithin(
  point: Point,
  units: readonly { id: string; latitude: number; longitude: number }[],
  radiusKm: number,
): string[] {
  const ids: string[] = [];
  for (const u of units) {
    if (distanceKm(point, { lat: u.latitude, lng: u.longitude }) <= radiusKm) ids.push(u.id);
  }
  return ids;
}

/**
 * The point `near` names, or null when it is neither a known postal code nor
 * "lat,lng". `units` supplies the fallback for prefixes outside the table.
 */
export function resolveNear(
  near: string,
  units: { postal_code: string; latitude: number; longitude: number }[],
): Point | null {
  const coords = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(near);
  if (coords) {
    const lat = Number(coords[1]);
    const lng = Number(coords[2]);
    return Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? { lat, lng } : null;
  }
  const digits = near.replace(/\s/g, '');
  if (!/^\d{5}$/.test(digits)) return null;
  const prefix = digits.slice(0, 3);
  const centre = PREFIX_CENTRES[prefix];
  if (centre) return { lat: centre[0], lng: centre[1] };
  const unit = units.find((u) => u.postal_code.replace(/\s/g, '').startsWith(prefix));
  return unit ? { lat: unit.latitude, lng: unit.longitude } : null;
}
