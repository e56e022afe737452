/** How the booking pages treat their `Idempotency-Key` after a failed attempt. */
import { ApiError } from '../../api/errors.js';

/**
 * Whether the same key may be sent again after `error`: yes after no answer
 * (network, 5xx — the first request may have booked), no after a definite
 * refusal (4xx — nothing was booked, and the server would repeat the refusal).
 */
export function keepKeyAfter(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
}
