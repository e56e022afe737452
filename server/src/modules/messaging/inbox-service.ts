/**
 * The unit's shared inbox, read side: the inbox page with its tab counts (one
 * audit row per patient shown), one conversation with its notes, the
 * patient's context (bookings, invitations, other conversations — read through
 * the booking and invitations faces) and the unit's colleagues.
 */
import type { MessagingPatientContext } from '@ingang/contracts';
import { ageOn, isAnswerOverdue, parsePersonnummer } from '@ingang/domain';
import { type AuditEntry, recordAuditMany } from '../../platform/audit.js';
import type { StaffActor } from '../../platform/auth.js';
import { badRequest } from '../../platform/errors.js';
import { patientTransaction, requireUnitCare } from '../../platform/patient-access.js';
import type { BookingModule } from '../booking/index.js';
import type { InvitationsModule } from '../invitations/index.js';
import type { StaffConversations, StaffDeps } from './staff-conversations.js';
import * as staffStore from './staff-store.js';
import * as store from './store.js';
import { staffSummary } from './view.js';

const PAGE_CURSOR = /^o(\d{1,6})$/;

type Deps = StaffDeps &
  Pick<BookingModule, 'bookingsAtUnit'> &
  Pick<InvitationsModule, 'invitationsAtUnit'> & { conversations: StaffConversations };

export function createInboxService(deps: Deps) {
  const { db, clock } = deps;
  const { open, detail } = deps.conversations;

  return {
    /** The inbox page (audited per patient shown), with tab counts. */
    async inbox(
      actor: StaffActor,
      unitId: string,
      query: { filter: string; q?: string; limit: number; cursor?: string },
    ) {
      requireUnitCare(actor, unitId);
      const match = query.cursor ? PAGE_CURSOR.exec(query.cursor) : null;
      if (query.cursor && !match) throw badRequest('invalid_input', 'Invalid cursor.', { cursor: 'unknown cursor' });
      const offset = match ? Number(match[1]) : 0;
      return patientTransaction(db, async (trx) => {
        const now = clock.now();
        const settings = await store.settingsFor(trx, unitId);
        const rows = await store.inboxRows(trx, unitId, {
          filter: query.filter,
          search: query.q,
          staffId: actor.staffId,
          limit: query.limit,
          offset,
        });
        const page = rows.slice(0, query.limit);
        const topics = await store.topicsById(
          trx,
          page.flatMap((r) => (r.topic_id ? [r.topic_id] : [])),
        );
        const data = page.map((r) =>
          staffSummary(r, {
            patient: {
              personId: r.patient_id,
              name: `${r.p_given} ${r.p_family}`,
              personalNumber: r.p_pnr,
              protectedIdentity: r.p_protected,
            },
            assignee: r.assignee_staff_id
              ? { staffId: r.assignee_staff_id, name: `${r.s_given ?? ''} ${r.s_family ?? ''}`.trim() }
              : null,
            topic: r.topic_id ? (topics.get(r.topic_id) ?? null) : null,
            unread: Number(r.unread ?? 0),
            targetWorkingDays: settings.targetWorkingDays,
            now,
            staffId: actor.staffId,
            preview: r.last_preview,
          }),
        );
        const counted = await store.inboxCounts(trx, unitId, actor.staffId);
        const overdue = counted.filter(
          (x) => x.waitingSince !== null && isAnswerOverdue(x.waitingSince, settings.targetWorkingDays, now),
        ).length;
        const patients = [...new Set(page.map((r) => r.patient_id))];
        const entries: AuditEntry[] = patients.map((personId) => ({
          actor,
          subjectPersonId: personId,
          action: 'read',
          recordType: 'conversation_list',
          purpose: 'care',
          unitId,
          at: now,
        }));
        await recordAuditMany(trx, entries);
        return {
          data,
          counts: {
            new: counted.filter((x) => x.status === 'new').length,
            mine: counted.filter((x) => x.mine).length,
            waiting_for_patient: counted.filter((x) => x.status === 'waiting_for_patient').length,
            open: counted.length,
            overdue,
          },
          nextCursor: rows.length > query.limit ? `o${offset + query.limit}` : null,
        };
      });
    },

    /** One conversation with its entries, notes included (audited). */
    async get(actor: StaffActor, unitId: string, id: string, since: number | undefined, limit: number) {
      requireUnitCare(actor, unitId);
      return patientTransaction(db, async (trx) => {
        const c = await open(trx, actor, unitId, id, 'read', 'conversation');
        return detail(trx, actor, c, since, limit);
      });
    },

    /** The patient's bookings, invitations and other conversations with the unit (audited). */
    async context(actor: StaffActor, unitId: string, id: string): Promise<MessagingPatientContext> {
      requireUnitCare(actor, unitId);
      return patientTransaction(db, async (trx) => {
        const c = await open(trx, actor, unitId, id, 'read', 'patient_context');
        const person = await staffStore.patientFacts(trx, c.patient_id);
        // Bookings and invitations belong to their modules: read through their faces.
        const bookings = await deps.bookingsAtUnit(trx, c.patient_id, unitId);
        const invitations = await deps.invitationsAtUnit(trx, c.patient_id, unitId);
        const others = await staffStore.otherConversations(trx, c.patient_id, unitId, c.id);
        const now = clock.now();
        const parsed = parsePersonnummer(person.personal_number, now);
        return {
          patient: {
            personId: person.id,
            name: `${person.given_name} ${person.family_name}`,
            personalNumber: person.personal_number,
            protectedIdentity: person.protected_identity,
            age: parsed.ok ? ageOn(parsed.value.birthDate, now) : 0,
          },
          bookings,
          invitations,
          conversations: others.map((o) => ({
            id: o.id,
            subject: o.subject,
            status: o.status,
            lastActivityAt: o.last_unit_activity_at.toISOString(),
          })),
        };
      });
    },

    /** The unit's staff, for assigning. */
    async colleagues(actor: StaffActor, unitId: string) {
      requireUnitCare(actor, unitId);
      const rows = await store.staffOfUnit(db, unitId);
      return rows.map((r) => ({ staffId: r.id, name: `${r.given_name} ${r.family_name}`, title: r.title }));
    },
  };
}
