/** Turns booking rows into day-list entries: the patient, the status, and the declaration with its questions. */
import type { DayListEntry } from '@ingang/contracts';
import { type FormDefinition, isFlaggedAnswer, stockholmWallClock, visibleQuestions } from '@ingang/domain';
import type { z } from 'zod';
import type { StaffBookingRow } from './booking-store.js';

export type DayListEntryData = z.infer<typeof DayListEntry>;
type Version = { formId: string; formName: string; version: number; definition: unknown };

/** The answers with the questions shown for them (form order), or null without a declaration. */
export function declarationOf(row: StaffBookingRow, version: Version | undefined) {
  if (!row.form_version_id || !version) return null;
  const def = version.definition as FormDefinition;
  const answers = (row.form_answers ?? {}) as Record<string, string | boolean>;
  return {
    formId: version.formId,
    formName: version.formName,
    title: def.title,
    version: version.version,
    answers: visibleQuestions(def, answers).map((q) => ({
      questionId: q.id,
      question: {
        type: q.type,
        label: q.label,
        ...(q.options ? { options: q.options } : {}),
        ...(q.askOn ? { askOn: q.askOn } : {}),
      },
      answer: Object.hasOwn(answers, q.id) ? (answers[q.id] ?? null) : null,
      flagged: isFlaggedAnswer(q, answers[q.id]),
    })),
    lockedAt: row.answers_locked_at?.toISOString() ?? null,
  };
}

/**
 * One day-list entry. No contact details are included at all, so a protected
 * identity's address, phone or e-mail can never reach the list; the flag tells
 * staff to take care.
 */
export function toEntry(row: StaffBookingRow, version: Version | undefined): DayListEntryData {
  return {
    bookingId: row.id,
    slotId: row.slot_id,
    start: row.starts_at.toISOString(),
    localTime: stockholmWallClock(row.starts_at).time,
    timeType: { id: row.time_type_id, nameSv: row.type_name_sv, nameEn: row.type_name_en },
    patient: {
      personId: row.person_id,
      name: `${row.given_name} ${row.family_name}`,
      personalNumber: row.personal_number,
      protectedIdentity: row.protected_identity,
    },
    status: row.status,
    declaration: declarationOf(row, version),
    arrivedAt: row.arrived_at?.toISOString() ?? null,
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}
