/**
 * DEMO CONTENT — NOT CLINICAL ADVICE. A plausible triage questionnaire for
 * development, tests and demonstrations only; a region's clinicians author
 * the real one. It covers a sore throat, fever in a child, urinary symptoms,
 * a rash (with a photo) and mental health, with red flags for chest pain,
 * difficulty breathing, a stiff neck with fever and thoughts of self-harm.
 */
import type { QuestionnaireItem } from '../questionnaire/types.js';
import type { TriageDocument } from './document.js';
import type { Condition, OutcomeRule } from './rules.js';

export const DEMO_TRIAGE_URL = 'https://ingang.se/fhir/Questionnaire/demo-triage';

const yesNo = (linkId: string, text: string, required = true): QuestionnaireItem => ({
  linkId,
  text,
  type: 'boolean',
  required,
});
const num = (linkId: string, text: string, type: 'integer' | 'decimal' = 'integer'): QuestionnaireItem => ({
  linkId,
  text,
  type,
  required: true,
});
const when = (concern: string) => ({
  enableWhen: [{ question: 'concern', operator: '=' as const, answerCoding: { code: concern } }],
});
const is = (question: string, value: boolean | number | string): Condition => ({ question, operator: '=', value });
const concern = (code: string, ...more: Condition[]): Condition => ({ all: [is('concern', code), ...more] });

const CONCERNS: [string, string][] = [
  ['sore-throat', 'Ont i halsen'],
  ['fever-child', 'Feber hos barn'],
  ['urinary', 'Besvär när jag kissar'],
  ['rash', 'Utslag på huden'],
  ['mental-health', 'Psykisk ohälsa, oro eller nedstämdhet'],
  ['other', 'Något annat'],
];

const ITEMS: QuestionnaireItem[] = [
  {
    linkId: 'demo-notice',
    type: 'display',
    text: 'Demoinnehåll – inte medicinsk rådgivning. Vid fara för liv: ring 112.',
  },
  {
    linkId: 'urgent',
    type: 'group',
    text: 'Först några viktiga frågor',
    item: [
      yesNo('chest-pain', 'Har du (eller den du söker för) ont i bröstet just nu?'),
      yesNo('breathing', 'Är det svårt att andas just nu?'),
    ],
  },
  {
    linkId: 'concern',
    type: 'choice',
    text: 'Vad söker du för?',
    required: true,
    answerOption: CONCERNS.map(([code, display]) => ({ valueCoding: { code, display } })),
  },
  {
    linkId: 'throat',
    type: 'group',
    text: 'Ont i halsen',
    ...when('sore-throat'),
    item: [
      num('throat-days', 'Hur många dagar har du haft ont i halsen?'),
      yesNo('throat-swallow', 'Är det så svårt att svälja att du inte får ner saliv eller vätska?'),
      yesNo('throat-fever', 'Har du feber (38 °C eller mer)?'),
    ],
  },
  {
    linkId: 'child',
    type: 'group',
    text: 'Feber hos barn',
    ...when('fever-child'),
    item: [
      num('child-age-months', 'Hur gammalt är barnet, i månader?'),
      num('child-temp', 'Vilken är den högsta temperaturen du har mätt (°C)?', 'decimal'),
      {
        ...yesNo('child-stiff-neck', 'Är barnet stelt i nacken (kan inte böja huvudet framåt)?'),
        enableWhen: [{ question: 'child-temp', operator: '>=', answerDecimal: 38 }],
      },
      yesNo('child-drinking', 'Dricker barnet ungefär som vanligt?'),
    ],
  },
  {
    linkId: 'urinary',
    type: 'group',
    text: 'Besvär när du kissar',
    ...when('urinary'),
    item: [
      yesNo('uti-burning', 'Svider eller gör det ont när du kissar?'),
      yesNo('uti-fever', 'Har du feber (38 °C eller mer)?'),
      yesNo('uti-back-pain', 'Har du ont i ryggen eller sidan?'),
    ],
  },
  {
    linkId: 'rash',
    type: 'group',
    text: 'Utslag på huden',
    ...when('rash'),
    item: [
      { linkId: 'rash-photo', type: 'attachment', text: 'Vill du bifoga en bild på utslagen? (frivilligt)' },
      yesNo('rash-fever', 'Har du feber samtidigt?'),
      yesNo('rash-spreading', 'Sprider sig utslagen snabbt?'),
    ],
  },
  {
    linkId: 'mental',
    type: 'group',
    text: 'Psykisk ohälsa',
    ...when('mental-health'),
    item: [
      yesNo('mental-harm', 'Har du tankar på att skada dig själv eller ta ditt liv?'),
      num('mental-weeks', 'Hur många veckor har du mått så här?'),
    ],
  },
  {
    linkId: 'other-text',
    type: 'text',
    text: 'Beskriv kort vad du söker för.',
    required: true,
    ...when('other'),
  },
];

const DIGITAL_NURSE = { visitForm: 'digital', profession: 'nurse' } as const;

const RULES: OutcomeRule[] = [
  {
    id: 'throat-mild',
    when: concern('sore-throat', { question: 'throat-days', operator: '<', value: 7 }, is('throat-swallow', false)),
    outcome: { ...DIGITAL_NURSE, urgency: 'within_14_days', route: 'self_care', articleId: 'sore-throat' },
  },
  {
    id: 'throat-long',
    when: concern('sore-throat', { question: 'throat-days', operator: '>=', value: 7 }),
    outcome: {
      urgency: 'within_3_days',
      visitForm: 'physical',
      profession: 'doctor',
      route: 'book_time',
      bookingType: 'doctor-visit',
    },
  },
  {
    id: 'throat-swallow',
    when: concern('sore-throat', is('throat-swallow', true)),
    outcome: {
      urgency: 'same_day',
      visitForm: 'physical',
      profession: 'doctor',
      route: 'book_time',
      bookingType: 'doctor-visit',
    },
  },
  {
    id: 'child-infant',
    when: concern('fever-child', { question: 'child-age-months', operator: '<', value: 3 }),
    outcome: {
      urgency: 'acute',
      visitForm: 'physical',
      profession: 'doctor',
      competence: 'paediatrics',
      route: 'call_1177',
    },
  },
  {
    id: 'child-fever-drinking',
    when: concern('fever-child', is('child-drinking', true)),
    outcome: {
      urgency: 'same_day',
      visitForm: 'digital',
      profession: 'paediatric_nurse',
      competence: 'paediatrics',
      route: 'drop_in_video',
    },
  },
  {
    id: 'child-not-drinking',
    when: concern('fever-child', is('child-drinking', false)),
    outcome: {
      urgency: 'same_day',
      visitForm: 'physical',
      profession: 'doctor',
      competence: 'paediatrics',
      route: 'book_time',
      bookingType: 'child-visit',
    },
  },
  {
    id: 'uti-simple',
    when: concern('urinary', is('uti-fever', false), is('uti-back-pain', false)),
    outcome: { ...DIGITAL_NURSE, urgency: 'within_3_days', route: 'message_unit' },
  },
  {
    id: 'uti-upper',
    when: concern('urinary', { any: [is('uti-fever', true), is('uti-back-pain', true)] }),
    outcome: {
      urgency: 'same_day',
      visitForm: 'physical',
      profession: 'doctor',
      route: 'book_time',
      bookingType: 'doctor-visit',
    },
  },
  {
    id: 'rash-fever',
    when: concern('rash', { any: [is('rash-fever', true), is('rash-spreading', true)] }),
    outcome: { urgency: 'same_day', visitForm: 'digital', profession: 'doctor', route: 'drop_in_video' },
  },
  {
    id: 'rash-mild',
    when: concern('rash', is('rash-fever', false), is('rash-spreading', false)),
    outcome: { ...DIGITAL_NURSE, urgency: 'within_14_days', competence: 'dermatology', route: 'message_unit' },
  },
  {
    id: 'mental',
    when: concern('mental-health'),
    outcome: {
      urgency: 'within_14_days',
      visitForm: 'digital',
      profession: 'counsellor',
      route: 'book_time',
      bookingType: 'counselling',
    },
  },
];

const no = { valueBoolean: false };
const yes = { valueBoolean: true };
const code = (c: string) => ({ valueCoding: { code: c } });
const calm = { 'chest-pain': [no], breathing: [no] };

/** The demo questionnaire with its rules and test bench (DEMO CONTENT — NOT CLINICAL ADVICE). */
export function demoTriageDocument(version = '1'): TriageDocument {
  return {
    questionnaire: {
      resourceType: 'Questionnaire',
      url: DEMO_TRIAGE_URL,
      version,
      name: 'DemoTriage',
      title: 'Demo: Vad behöver du hjälp med? (inte medicinsk rådgivning)',
      status: 'draft',
      description: 'DEMO CONTENT — NOT CLINICAL ADVICE.',
      item: structuredClone(ITEMS),
    },
    rules: {
      redFlags: [
        { id: 'chest-pain', when: is('chest-pain', true), route: 'call_112' },
        { id: 'breathing', when: is('breathing', true), route: 'call_112' },
        {
          id: 'stiff-neck-fever',
          when: { all: [is('child-stiff-neck', true), { question: 'child-temp', operator: '>=', value: 38 }] },
          route: 'call_112',
        },
        { id: 'self-harm', when: is('mental-harm', true), route: 'call_112' },
      ],
      rules: structuredClone(RULES),
      fallback: { ...DIGITAL_NURSE, urgency: 'within_3_days', route: 'message_unit' },
      talkToSomeone: { ...DIGITAL_NURSE, urgency: 'same_day', route: 'message_unit' },
    },
    bench: [
      {
        name: 'Chest pain',
        ageYears: 60,
        answers: { 'chest-pain': [yes] },
        expect: { route: 'call_112', redFlag: 'chest-pain' },
      },
      {
        name: 'Breathing',
        ageYears: 30,
        answers: { 'chest-pain': [no], breathing: [yes] },
        expect: { route: 'call_112', redFlag: 'breathing' },
      },
      {
        name: 'Stiff neck with fever',
        ageYears: 4,
        answers: {
          ...calm,
          concern: [code('fever-child')],
          'child-age-months': [{ valueInteger: 48 }],
          'child-temp': [{ valueDecimal: 39.5 }],
          'child-stiff-neck': [yes],
          'child-drinking': [yes],
        },
        expect: { route: 'call_112', redFlag: 'stiff-neck-fever' },
      },
      {
        name: 'Self-harm thoughts',
        ageYears: 25,
        answers: {
          ...calm,
          concern: [code('mental-health')],
          'mental-harm': [yes],
          'mental-weeks': [{ valueInteger: 3 }],
        },
        expect: { route: 'call_112', redFlag: 'self-harm' },
      },
      {
        name: 'Sore throat, two days',
        ageYears: 30,
        answers: {
          ...calm,
          concern: [code('sore-throat')],
          'throat-days': [{ valueInteger: 2 }],
          'throat-swallow': [no],
          'throat-fever': [no],
        },
        expect: { route: 'self_care', urgency: 'within_14_days' },
      },
      {
        name: 'Child with fever, drinking',
        ageYears: 3,
        answers: {
          ...calm,
          concern: [code('fever-child')],
          'child-age-months': [{ valueInteger: 40 }],
          'child-temp': [{ valueDecimal: 38.5 }],
          'child-stiff-neck': [no],
          'child-drinking': [yes],
        },
        expect: { route: 'drop_in_video', urgency: 'same_day' },
      },
      {
        name: 'Urinary, no fever',
        ageYears: 35,
        answers: {
          ...calm,
          concern: [code('urinary')],
          'uti-burning': [yes],
          'uti-fever': [no],
          'uti-back-pain': [no],
        },
        expect: { route: 'message_unit', urgency: 'within_3_days' },
      },
    ],
  };
}
