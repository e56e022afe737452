/**
 * Display and input helpers for personnummer in the staff portal. Validation
 * is the server's (the domain rule); here only the look: "YYYYMMDD-NNNN".
 */

/** "198804122385" → "19880412-2385"; anything else is returned as it is. */
export function formatPnr(value: string): string {
  return /^\d{12}$/.test(value) ? `${value.slice(0, 8)}-${value.slice(8)}` : value;
}

/** A quick check before calling the server: 10 or 12 digits, with an optional - or + separator. */
export function looksLikePnr(value: string): boolean {
  return /^(\d{6}|\d{8})[-+]?\d{4}$/.test(value.trim());
}
