/**
 * Demo data for citizen support (issue 16): two more first-line agents beside Sam Stöd (first
 * line) and Sigrid Sund (second line) from demo-data.ts, everyone's agent row (available),
 * standard answers and published help-centre articles in Swedish and English.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/index.js';
import { DEMO_STAFF } from './demo-data.js';

const agentId = (n: number) => `b1b2c3d4-0016-4000-8000-${String(n).padStart(12, '0')}`;

export const DEMO_SUPPORT = {
  first: DEMO_STAFF.supportFirst,
  second: DEMO_STAFF.supportSecond,
  firstB: agentId(1),
  firstC: agentId(2),
} as const;

const extraAgents = [
  {
    id: DEMO_SUPPORT.firstB,
    hsa: 'SE2321000016-S161',
    given: 'Frida',
    family: 'Fors',
    email: 'frida.fors@demo.ingang.se',
  },
  {
    id: DEMO_SUPPORT.firstC,
    hsa: 'SE2321000016-S162',
    given: 'Omar',
    family: 'Olsson',
    email: 'omar.olsson@demo.ingang.se',
  },
];

export const demoStandardAnswers = [
  { shortcut: 'hej', title: 'Hälsning', body: 'Hej {name}!\n\nTack för att du hör av dig.' },
  {
    shortcut: 'logga-in',
    title: 'Logga in för bokningar och hälsa',
    body: 'Hej {name}!\n\nVi kan inte ta upp bokningar eller hälsofrågor via e-post. Logga in i Ingång ({login_link}) och skriv till oss under "Kontakta support", så kan vi hjälpa dig där.\n\nVänliga hälsningar\nInvånarsupporten',
  },
  {
    shortcut: '1177',
    title: 'Medicinska frågor: ring 1177',
    body: 'Medicinska frågor kan vi inte svara på. Ring 1177 eller läs på {link_1177}. Vid fara för liv: ring 112.',
  },
  {
    shortcut: 'intyg',
    title: 'Vaccinationsbevis: E-hälsomyndigheten',
    body: 'Vaccinationsbevis hämtar du hos E-hälsomyndigheten: {link_ehm}.',
  },
  {
    shortcut: 'avslut',
    title: 'Avslutning',
    body: 'Hör gärna av dig igen om något är oklart. Ditt ärendenummer är {reference}.',
  },
];

export const demoArticles = [
  {
    slug: 'vilka-far-boka',
    locale: 'sv' as const,
    title: 'Vilka åldersgrupper får boka vaccination nu?',
    keywords: 'vaccin vaccination boka ålder åldersgrupp covid',
    body: 'Just nu får alla som är 18 år eller äldre boka vaccination mot covid-19. Du bokar genom att logga in i Ingång och välja "Boka tid". Regionen öppnar nya grupper här när de blir aktuella.',
  },
  {
    slug: 'vilka-far-boka',
    locale: 'en' as const,
    title: 'Which age groups may book vaccination now?',
    keywords: 'vaccine vaccination book age group covid',
    body: 'Everyone aged 18 or older may book a covid-19 vaccination now. Log in to Ingång and choose "Book". The region opens new groups here when they become eligible.',
  },
  {
    slug: 'agera-for-barn',
    locale: 'sv' as const,
    title: 'Hur gör jag för att agera för mitt barn?',
    keywords: 'barn vårdnadshavare ombud agera företräda',
    body: 'Som vårdnadshavare kan du boka och läsa meddelanden för ditt barn tills barnet fyller 13 år. Logga in och välj barnet under "Agera för".',
  },
  {
    slug: 'agera-for-barn',
    locale: 'en' as const,
    title: 'How do I act for my child?',
    keywords: 'child guardian act proxy',
    body: 'As a guardian you may book and read messages for your child until the child turns 13. Log in and choose the child under "Act for".',
  },
  {
    slug: 'medicinska-fragor',
    locale: 'sv' as const,
    title: 'Medicinska frågor och vaccinationsbevis',
    keywords: 'medicinsk symptom biverkan 1177 intyg bevis covidbevis',
    body: 'Medicinska frågor besvarar 1177 på telefon (https://www.1177.se). Vaccinationsbevis hämtar du hos E-hälsomyndigheten (https://www.ehalsomyndigheten.se).',
  },
  {
    slug: 'medicinska-fragor',
    locale: 'en' as const,
    title: 'Medical questions and vaccination certificates',
    keywords: 'medical symptom side effect 1177 certificate',
    body: 'Medical questions: call 1177 (https://www.1177.se). Vaccination certificates come from the E-hälsomyndigheten (https://www.ehalsomyndigheten.se).',
  },
];

export async function seedDemoSupport(db: Db, clock: Clock): Promise<void> {
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('staff')
      .values(
        extraAgents.map((a) => ({
          id: a.id,
          oidc_subject: a.hsa,
          hsa_id: a.hsa,
          given_name: a.given,
          family_name: a.family,
          email: a.email,
          title: 'Invånarsupport, första linjen',
          region_admin: false,
          support_role: 'first_line' as const,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await trx
      .insertInto('support_agents')
      .values(
        [DEMO_SUPPORT.first, DEMO_SUPPORT.second, DEMO_SUPPORT.firstB, DEMO_SUPPORT.firstC].map((staff_id) => ({
          staff_id,
          available: true,
          max_concurrent: 3,
          updated_at: now,
        })),
      )
      .execute();
    for (const a of demoStandardAnswers) {
      const id = randomUUID();
      await trx
        .insertInto('support_standard_answers')
        .values({
          id,
          ...a,
          last_reviewed_at: now,
          updated_by_staff_id: DEMO_SUPPORT.second,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await trx
        .insertInto('support_standard_answer_versions')
        .values({
          answer_id: id,
          version: 1,
          title: a.title,
          body: a.body,
          saved_by_staff_id: DEMO_SUPPORT.second,
          saved_at: now,
        })
        .execute();
    }
    const articles = demoArticles.map((a) => ({
      id: randomUUID(),
      ...a,
      status: 'published' as const,
      published_at: now,
      updated_by_staff_id: DEMO_SUPPORT.second,
      updated_at: now,
      last_reviewed_at: now,
    }));
    await trx.insertInto('support_articles').values(articles).execute();
    // Version 1 of each, so the editing screen's history starts with what was seeded.
    await trx
      .insertInto('support_article_versions')
      .values(
        articles.map((a) => ({
          article_id: a.id,
          version: 1,
          title: a.title,
          body: a.body,
          keywords: a.keywords,
          status: a.status,
          saved_by_staff_id: DEMO_SUPPORT.second,
          saved_at: now,
        })),
      )
      .execute();
  });
}
