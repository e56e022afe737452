/** The reason staff give for a care relationship or emergency access: the same limits as the contract (10–500). */
export const REASON_MIN = 10;
export const REASON_MAX = 500;

/** True when the trimmed reason has an accepted length (the server checks again). */
export function reasonOk(reason: string): boolean {
  const length = reason.trim().length;
  return length >= REASON_MIN && length <= REASON_MAX;
}
