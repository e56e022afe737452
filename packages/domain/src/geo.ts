/** A point on the map (WGS 84 degrees). */
export interface Point {
  lat: number;
  lng: number;
}

const RAD = Math.PI / 180;

/** Great-circle distance in km (haversine); used by "near me" in the slot search and by birth-clinic allocation. */
export function distanceKm(a: Point, b: Point): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLng = (b.lng - a.lng) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
