/**
 * Errand types (ärendetyper): what a citizen can ask a unit for without
 * triage. The region's templates are data (below: the region's set; DEMO
 * CONTENT); a unit switches templates on, and an errand then lands in the
 * unit's messaging inbox with the form answers on top. `book_time` opens the
 * booking search for its time type and `ask_question` is a plain
 * conversation with the question as its first message.
 */

export const ERRAND_KINDS = [
  'prescription_renewal',
  'certificate',
  'contact_me',
  'journal_copy',
  'book_time',
  'ask_question',
] as const;
export type ErrandKind = (typeof ERRAND_KINDS)[number];

export interface ErrandField {
  id: string;
  label: { sv: string; en: string };
  type: 'text' | 'textarea' | 'choice';
  required: boolean;
  /** For `choice`: the codes with their labels. */
  options?: { code: string; label: { sv: string; en: string } }[];
  maxLength: number;
}

export interface ErrandTemplate {
  kind: ErrandKind;
  title: { sv: string; en: string };
  /** Who handles it at the unit (shown in the inbox; assignment follows the inbox's own rules). */
  handler: 'nurse' | 'doctor' | 'administrator';
  /** The response-time goal in working days. */
  responseDays: number;
  fields: ErrandField[];
  /** For `book_time`: the time type the booking search is pre-filled with. */
  bookingType?: string;
}

const text = (id: string, sv: string, en: string, required = true, maxLength = 200): ErrandField => ({
  id,
  label: { sv, en },
  type: 'text',
  required,
  maxLength,
});
const area = (id: string, sv: string, en: string, required = true): ErrandField => ({
  id,
  label: { sv, en },
  type: 'textarea',
  required,
  maxLength: 2000,
});

/** The region's templates (DEMO CONTENT — the region edits its own). */
export const REGION_ERRAND_TEMPLATES: Record<ErrandKind, ErrandTemplate> = {
  prescription_renewal: {
    kind: 'prescription_renewal',
    title: { sv: 'Förnya recept', en: 'Renew a prescription' },
    handler: 'nurse',
    responseDays: 3,
    fields: [
      text('medicine', 'Läkemedel och styrka', 'Medicine and strength'),
      text('dose', 'Hur du tar det (dos)', 'How you take it (dose)'),
      {
        id: 'pharmacy',
        label: { sv: 'Hur vill du få receptet?', en: 'How do you want the prescription?' },
        type: 'choice',
        required: true,
        options: [
          { code: 'any', label: { sv: 'E-recept till valfritt apotek', en: 'E-prescription, any pharmacy' } },
          { code: 'home', label: { sv: 'Hemleverans', en: 'Home delivery' } },
        ],
        maxLength: 20,
      },
      area('note', 'Något mer vi behöver veta?', 'Anything else we need to know?', false),
    ],
  },
  certificate: {
    kind: 'certificate',
    title: { sv: 'Intyg', en: 'Certificate' },
    handler: 'doctor',
    responseDays: 5,
    fields: [
      text('purpose', 'Vad ska intyget användas till?', 'What is the certificate for?'),
      area('details', 'Beskriv vad intyget ska innehålla', 'Describe what it should contain'),
    ],
  },
  contact_me: {
    kind: 'contact_me',
    title: { sv: 'Kontakta mig', en: 'Contact me' },
    handler: 'nurse',
    responseDays: 1,
    fields: [
      text('phone', 'Telefonnummer vi kan ringa', 'Phone number we can call', true, 30),
      text('when', 'När passar det att vi ringer?', 'When suits you for a call?', false),
      area('about', 'Vad gäller det?', 'What is it about?'),
    ],
  },
  journal_copy: {
    kind: 'journal_copy',
    title: { sv: 'Kopia av journal', en: 'Copy of medical records' },
    handler: 'administrator',
    responseDays: 10,
    fields: [text('period', 'Vilken tid gäller det?', 'Which period?'), area('note', 'Övrigt', 'Other', false)],
  },
  book_time: {
    kind: 'book_time',
    title: { sv: 'Boka tid', en: 'Book a time' },
    handler: 'administrator',
    responseDays: 0,
    fields: [],
    bookingType: 'nurse-visit',
  },
  ask_question: {
    kind: 'ask_question',
    title: { sv: 'Ställ en fråga', en: 'Ask a question' },
    handler: 'nurse',
    responseDays: 2,
    fields: [area('question', 'Din fråga', 'Your question')],
  },
};

export interface ErrandProblem {
  field: string;
  code: 'required' | 'too_long' | 'not_an_option' | 'unknown_field' | 'wrong_type';
  message: string;
}

/** Checks a form's answers: every required field, nothing unknown, options and lengths kept. */
export function checkErrandAnswers(
  template: ErrandTemplate,
  answers: Record<string, unknown>,
): { ok: true; answers: Record<string, string> } | { ok: false; problems: ErrandProblem[] } {
  const problems: ErrandProblem[] = [];
  const known = new Set(template.fields.map((f) => f.id));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) problems.push({ field: key, code: 'unknown_field', message: `'${key}' is not in this form.` });
  }
  const out: Record<string, string> = {};
  for (const f of template.fields) {
    const raw = answers[f.id];
    if (raw !== undefined && raw !== null && typeof raw !== 'string') {
      problems.push({ field: f.id, code: 'wrong_type', message: `'${f.id}' must be text.` });
      continue;
    }
    const value = (raw ?? '').trim();
    if (!value) {
      if (f.required) problems.push({ field: f.id, code: 'required', message: `'${f.id}' is required.` });
      continue;
    }
    if (value.length > f.maxLength) {
      problems.push({ field: f.id, code: 'too_long', message: `'${f.id}' is longer than ${f.maxLength} characters.` });
      continue;
    }
    if (f.type === 'choice' && !f.options?.some((o) => o.code === value)) {
      problems.push({ field: f.id, code: 'not_an_option', message: `'${f.id}' must be one of the options.` });
      continue;
    }
    out[f.id] = value;
  }
  return problems.length ? { ok: false, problems } : { ok: true, answers: out };
}

/**
 * The inbox message: the form answers on top (label: answer, in the form's
 * order, choices by their label), in the unit's language (Swedish).
 */
export function errandMessage(
  template: ErrandTemplate,
  answers: Record<string, string>,
): { subject: string; body: string } {
  const lines = template.fields
    .filter((f) => answers[f.id] !== undefined)
    .map((f) => {
      const value = answers[f.id] as string;
      const shown = f.type === 'choice' ? (f.options?.find((o) => o.code === value)?.label.sv ?? value) : value;
      return `${f.label.sv}: ${shown}`;
    });
  return {
    subject: template.title.sv,
    body: [`Ärende: ${template.title.sv} (svarsmål ${template.responseDays} arbetsdagar)`, '', ...lines].join('\n'),
  };
}
