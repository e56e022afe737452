/**
 * "Ladda ner mina uppgifter" (GDPR art. 15 and 20). A citizen asks for their
 * own data, or a child's they are guardian of; the request goes through the
 * acting-for gate ('records' scope: guardians, not ombud), is audited, and
 * queues a job that builds the FHIR Bundle and the HTML summary. The result
 * can be downloaded for `ttlMinutes` by the person who asked and nobody else;
 * a download by someone else or after expiry is refused and recorded.
 */
import { randomUUID } from 'node:crypto';
import type { ExportItem } from '@ingang/contracts';
import type { FhirResource } from 'fhir/r4';
import type { ActingFor } from '../../../platform/acting-for.js';
import { recordAudit } from '../../../platform/audit.js';
import type { CitizenActor } from '../../../platform/auth.js';
import type { Clock } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/index.js';
import { AppError } from '../../../platform/errors.js';
import type { JobQueue } from '../../../platform/jobs.js';
import type { Mailer } from '../../../platform/mail.js';
import type { FhirReadService } from '../read-service.js';
import {
  toAppointment,
  toAuditEvent,
  toCommunication,
  toConsent,
  toPatient,
  toQuestionnaireResponse,
  UUID,
} from '../resources/index.js';
import * as fhirStore from '../store.js';
import { collection, invitationAppointment, offerCommunication, summaryHtml } from './document.js';
import * as store from './store.js';

export const EXPORT_JOB = 'fhir.export';
/** Everything, however long the history (a page this size is one person's lifetime in Ingång). */
const ALL = { limit: 100_000, offset: 0 };

export interface ExportDeps {
  db: Db;
  clock: Clock;
  jobs: JobQueue;
  mail: Mailer;
  actingFor: ActingFor;
  read: FhirReadService;
  publicUrl: string;
  ttlMinutes: number;
}

export function createExportService(deps: ExportDeps) {
  const { db, clock, publicUrl } = deps;
  const gone = () => new AppError(404, 'not_found', 'Det finns ingen sådan nedladdning.');

  function view(row: Awaited<ReturnType<typeof store.listFor>>[number], now: Date): ExportItem {
    const expired =
      row.status === 'expired' || (row.status === 'ready' && row.expires_at !== null && row.expires_at <= now);
    return {
      id: row.id,
      subject: { personId: row.subject_person_id, name: `${row.given_name} ${row.family_name}` },
      status: expired ? 'expired' : row.status,
      createdAt: row.created_at.toISOString(),
      readyAt: row.ready_at?.toISOString() ?? null,
      expiresAt: row.expires_at?.toISOString() ?? null,
    };
  }

  /** Everything held about the person, as FHIR resources. */
  async function gather(personId: string): Promise<FhirResource[]> {
    const now = clock.now();
    const scope = { personId, page: ALL };
    const person = await fhirStore.person(db, personId);
    if (!person) return [];
    const [bookings, messages, audit, grants, invitations, offers] = await Promise.all([
      fhirStore.bookings(db, scope),
      fhirStore.messages(db, scope),
      fhirStore.auditEntries(db, scope),
      fhirStore.grants(db, scope),
      store.invitations(db, personId),
      store.offers(db, personId),
    ]);
    return [
      toPatient(person, now),
      ...bookings.map((b) => toAppointment(publicUrl, b)),
      ...invitations.map((i) => invitationAppointment(publicUrl, i)),
      ...bookings.map(toQuestionnaireResponse).filter((r) => r !== null),
      ...messages.map((m) => toCommunication(publicUrl, m)),
      ...offers.map((o) => offerCommunication(publicUrl, personId, o)),
      ...grants.map((g) => toConsent(publicUrl, g)),
      ...audit.map((a) => toAuditEvent(publicUrl, a)),
    ];
  }

  return {
    /** Asks for an export of oneself or of `subjectPersonId`; audited; the job builds it. */
    async request(actor: CitizenActor, subjectPersonId: string | undefined): Promise<ExportItem> {
      return deps.actingFor.withSubject(actor, subjectPersonId, 'records', async (trx, subject) => {
        const id = randomUUID();
        const at = clock.now();
        await store.insert(trx, {
          id,
          requestedBy: actor.personId,
          subject: subject.subjectPersonId,
          relation: subject.onBehalf?.relation ?? null,
          at,
        });
        await recordAudit(trx, {
          actor,
          subjectPersonId: subject.subjectPersonId,
          action: 'export',
          recordType: 'fhir_bundle',
          recordId: id,
          purpose: 'self_service',
          onBehalf: subject.onBehalf,
          at,
        });
        await deps.jobs.enqueue(trx, EXPORT_JOB, { exportId: id });
        const [row] = (await store.listFor(trx, actor.personId)).filter((r) => r.id === id);
        if (!row) throw new Error('export row missing after insert');
        return view(row, at);
      });
    },

    /** The actor's own exports (never anyone else's). */
    async list(actor: CitizenActor): Promise<ExportItem[]> {
      const now = clock.now();
      return (await store.listFor(db, actor.personId)).map((r) => view(r, now));
    },

    /** The job: builds the documents, stores them with their expiry, tells the person. */
    async build(exportId: string): Promise<void> {
      const row = await store.byId(db, exportId);
      if (row?.status !== 'pending') return;
      const at = clock.now();
      const bundle = collection(exportId, at, await gather(row.subject_person_id));
      const html = summaryHtml(bundle, at);
      const expiresAt = new Date(at.getTime() + deps.ttlMinutes * 60_000);
      await db.transaction().execute(async (trx) => {
        const moved = await store.markReady(trx, exportId, JSON.stringify(bundle), html, at, expiresAt);
        if (!moved) return;
        const contact = await store.contactOf(trx, row.requested_by_person_id);
        if (contact?.email && contact.email_verified_at && contact.notify_email) {
          // The mail says only that it is ready; the files are behind the login.
          await deps.mail.queue(trx, {
            to: contact.email,
            subject: 'Dina uppgifter är klara att ladda ner',
            text: `Nedladdningen du bad om är klar. Logga in i Ingång och gå till Profil → Ladda ner mina uppgifter: ${publicUrl}/profil/mina-uppgifter\n\nLänken fungerar i ${deps.ttlMinutes} minuter.`,
          });
        }
      });
    },

    async fail(exportId: string): Promise<void> {
      await store.markFailed(db, exportId);
    },

    /**
     * One of the export's files for the person who asked, while it is valid.
     * Someone else's link is 404 and a late one 410; both are recorded.
     */
    async download(actor: CitizenActor, exportId: string, part: 'bundle' | 'summary'): Promise<string> {
      if (!UUID.test(exportId)) throw gone();
      const at = clock.now();
      const row = await store.byId(db, exportId);
      if (!row) throw gone();
      if (row.requested_by_person_id !== actor.personId) {
        await store.recordRefusal(db, {
          at,
          actorPersonId: actor.personId,
          subjectPersonId: null,
          exportId,
          reason: 'export_not_yours',
        });
        throw gone();
      }
      if (row.status === 'pending') throw new AppError(409, 'export_not_ready', 'Nedladdningen är inte klar än.');
      if (row.status !== 'ready' || !row.expires_at || row.expires_at <= at) {
        await store.recordRefusal(db, {
          at,
          actorPersonId: actor.personId,
          subjectPersonId: row.subject_person_id,
          exportId,
          reason: 'export_expired',
        });
        throw new AppError(410, 'export_expired', 'Länken har slutat gälla. Beställ en ny nedladdning.');
      }
      return db.transaction().execute(async (trx) => {
        await recordAudit(trx, {
          actor,
          subjectPersonId: row.subject_person_id,
          action: 'download',
          recordType: part === 'bundle' ? 'fhir_bundle' : 'fhir_summary',
          recordId: exportId,
          purpose: 'self_service',
          onBehalf: row.on_behalf_relation ? { relation: row.on_behalf_relation } : null,
          at,
        });
        const c = await store.content(trx, exportId);
        const body = part === 'bundle' ? c?.bundle : c?.summary_html;
        if (!body) throw gone();
        return body;
      });
    },

    /** Drops expired content (schedule). */
    async sweep(): Promise<void> {
      await store.expire(db, clock.now());
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
