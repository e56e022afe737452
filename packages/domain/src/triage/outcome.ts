/** The vocabulary of a triage outcome: urgency, visit form, profession, route. */

/** Most urgent first; the index is the order used to pick between matching rules. */
export const URGENCY_LEVELS = ['acute', 'same_day', 'within_3_days', 'within_14_days', 'within_90_days'] as const;
export type Urgency = (typeof URGENCY_LEVELS)[number];

export const VISIT_FORMS = ['physical', 'digital'] as const;
export type VisitForm = (typeof VISIT_FORMS)[number];

/** Where the patient is sent. The first three need a unit; the others do not. */
export const ROUTES = ['message_unit', 'drop_in_video', 'book_time', 'self_care', 'call_1177', 'call_112'] as const;
export type Route = (typeof ROUTES)[number];
export const UNIT_ROUTES: ReadonlySet<Route> = new Set(['message_unit', 'drop_in_video', 'book_time']);

export const PROFESSIONS = [
  'nurse',
  'doctor',
  'psychologist',
  'counsellor',
  'physiotherapist',
  'midwife',
  'district_nurse',
  'paediatric_nurse',
  'emergency_services',
] as const;
export type Profession = (typeof PROFESSIONS)[number];

/** What the rules decide; routing then picks the unit (or falls back to 1177). */
export interface Outcome {
  urgency: Urgency;
  visitForm: VisitForm;
  profession: Profession;
  /** A special competence, e.g. 'diabetes', 'paediatrics' (free text, short). */
  competence?: string;
  route: Route;
  /** The self-care article for `self_care`. */
  articleId?: string;
  /** The time type code the booking search is pre-filled with for `book_time`. */
  bookingType?: string;
}

/** Whether `a` is more urgent than `b`. */
export function moreUrgent(a: Urgency, b: Urgency): boolean {
  return URGENCY_LEVELS.indexOf(a) < URGENCY_LEVELS.indexOf(b);
}
