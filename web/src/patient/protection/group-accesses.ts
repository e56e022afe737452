/**
 * "Vem har tittat" reads as occasions, not rows: one conversation with one
 * nurse writes a row per read (the log keeps every one), which a patient
 * should see as "Nadia Nyström, Solberga vårdcentral, 20 gånger 10.02–10.03".
 * Consecutive entries (newest first) by the same person or role, unit,
 * action and purpose, each within an hour of the previous, form one group.
 * Emergency accesses are never merged into ordinary ones.
 */
import type { AuditAccess } from '@ingang/contracts';

/** Gap that ends an occasion. */
export const OCCASION_GAP_MS = 60 * 60 * 1000;

export interface AccessGroup {
  /** The newest entry (what the card shows). */
  entry: AuditAccess;
  count: number;
  /** Oldest and newest moment of the occasion. */
  from: string;
  to: string;
}

const keyOf = (e: AuditAccess) =>
  JSON.stringify([e.staffName ?? null, e.role, e.roleInUnit, e.unit?.id ?? null, e.action, e.purpose, e.flagged]);

export function groupAccesses(entries: AuditAccess[]): AccessGroup[] {
  const groups: AccessGroup[] = [];
  let lastKey = '';
  for (const e of entries) {
    const current = groups.at(-1);
    const key = keyOf(e);
    if (current && key === lastKey && Date.parse(current.from) - Date.parse(e.at) <= OCCASION_GAP_MS) {
      current.count += 1;
      current.from = e.at;
    } else {
      groups.push({ entry: e, count: 1, from: e.at, to: e.at });
    }
    lastKey = key;
  }
  return groups;
}
