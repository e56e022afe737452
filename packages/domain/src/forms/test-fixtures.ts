/** Shared fixtures for the form tests (not exported from the package). */
import type { FormDefinition } from './definition.js';

const t = (sv: string, en = sv) => ({ sv, en });

/** A covid health declaration: fever → when; allergy → which kind → details. */
export const COVID_FORM: FormDefinition = {
  title: t('Hälsodeklaration covid-19', 'Health declaration COVID-19'),
  questions: [
    { id: 'fever', type: 'yes_no', label: t('Har du feber idag?', 'Do you have a fever today?'), required: true },
    {
      id: 'fever_since',
      type: 'date',
      label: t('Sedan när?', 'Since when?'),
      required: true,
      showIf: { questionId: 'fever', equals: true },
    },
    { id: 'allergy', type: 'yes_no', label: t('Har du haft en allvarlig allergisk reaktion?'), required: true },
    {
      id: 'allergy_kind',
      type: 'choice',
      label: t('Mot vad?', 'To what?'),
      required: true,
      showIf: { questionId: 'allergy', equals: true },
      options: [
        { value: 'vaccine', label: t('Vaccin', 'Vaccine') },
        { value: 'food', label: t('Mat', 'Food') },
        { value: 'other', label: t('Annat', 'Other') },
      ],
    },
    {
      id: 'allergy_other',
      type: 'text',
      label: t('Beskriv', 'Describe'),
      required: true,
      maxLength: 20,
      showIf: { questionId: 'allergy_kind', equals: 'other' },
    },
    { id: 'notes', type: 'text', label: t('Övrigt', 'Other'), help: t('Frivilligt', 'Optional'), required: false },
  ],
};
