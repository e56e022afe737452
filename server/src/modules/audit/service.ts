/**
 * Reading the audit log. Patients see the staff accesses to their own data
 * (or a child's they act for as guardian, via platform/acting-for) in plain Swedish; region administrators
 * search the whole log for follow-up. Both readings are themselves audited,
 * in the same transaction as the read.
 */
import type { AdminAuditQuery, AdminAuditResponse, AuditAccessListResponse, AuditAccessQuery } from '@ingang/contracts';
import { parsePersonnummer } from '@ingang/domain';
import { createActingFor } from '../../platform/acting-for.js';
import { recordAudit, recordAuditMany } from '../../platform/audit.js';
import type { CitizenActor, StaffActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { badRequest, forbidden } from '../../platform/errors.js';
import { actionLabel, purposeLabel, readableReason, roleInUnitCode, roleInUnitLabel } from './labels.js';
import * as store from './store.js';

type Deps = Pick<AppContext, 'db' | 'clock' | 'registry' | 'config'>;

/** The region's rule: unit and role are always shown; the staff member's name is shown too. */
const SHOW_STAFF_NAMES = true;
/** PostgreSQL's text form of a timestamptz, e.g. `2020-01-15 10:00:00.123456+00`. */
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2}){0,2}|Z)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const invalid = (field: string, message: string) =>
  badRequest('invalid_input', `Invalid input: ${field}`, { [field]: message });

function encodeCursor(row: { at_key: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.at_key, row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && PG_TIMESTAMP.test(at) && typeof id === 'string' && UUID.test(id)) {
      return { at, id };
    }
  } catch {
    // falls through to the 400 below
  }
  throw invalid('querystring.cursor', 'must be a nextCursor value');
}

export function createAuditService(deps: Deps) {
  const { db, clock } = deps;
  const actingFor = createActingFor(deps);

  return {
    /** "Vem har tittat på mina uppgifter": staff accesses to the subject, newest first. */
    async listAccesses(actor: CitizenActor, query: AuditAccessQuery): Promise<AuditAccessListResponse> {
      // Oneself, or a child as guardian ('records' is not a scope an ombud can be granted).
      // A refusal is 403 with the reason as code, recorded in access_refusals.
      return actingFor.withSubject(actor, query.subjectId?.toLowerCase(), 'records', async (trx, subject) => {
        const subjectId = subject.subjectPersonId;
        const now = clock.now();
        const before = query.cursor ? Number(query.cursor) : null;
        const rows = await store.listStaffAccesses(trx, subjectId, before, query.limit);
        const page = rows.slice(0, query.limit);
        // The citizen's own reading is an access too (shown to admins, not in this staff list).
        await recordAudit(trx, {
          actor,
          subjectPersonId: subjectId,
          action: 'read',
          recordType: 'access_log',
          purpose: 'self_service',
          at: now,
          onBehalf: subject.onBehalf,
        });
        return {
          data: page.map((r) => {
            const roleInUnit = roleInUnitLabel(r.actor_role);
            return {
              id: r.id,
              at: r.at.toISOString(),
              unit: r.unit_id && r.unit_name ? { id: r.unit_id, name: r.unit_name } : null,
              role: r.title?.trim() || roleInUnit,
              roleInUnit,
              staffName: SHOW_STAFF_NAMES && r.given_name ? `${r.given_name} ${r.family_name}` : null,
              action: actionLabel(r.action, r.record_type),
              purpose: purposeLabel(r.purpose),
              flagged: r.flagged,
              title: r.title?.trim() || null,
              codes: {
                role: roleInUnitCode(r.actor_role),
                action: r.action,
                recordType: r.record_type,
                purpose: r.purpose,
              },
            };
          }),
          nextCursor: rows.length > query.limit ? String(page.at(-1)?.seq) : null,
        };
      });
    },

    /**
     * The region administrators' search. Logged twice over, in the same
     * transaction: one `audit_searches` row with the filter (always, even
     * when nothing matched) and one audit_log row (purpose 'audit_follow_up')
     * per patient whose entries the page returned.
     */
    async search(actor: StaffActor, query: AdminAuditQuery): Promise<AdminAuditResponse> {
      if (!actor.regionAdmin) throw forbidden('region_admin_only', 'Only region administrators can do this.');
      const now = clock.now();
      const filters: Record<string, string> = {};
      let personalNumber: string | undefined;
      if (query.personalNumber !== undefined) {
        const parsed = parsePersonnummer(query.personalNumber, now);
        if (!parsed.ok) throw invalid('querystring.personalNumber', parsed.message);
        personalNumber = parsed.value.normalized;
        filters.personalNumber = personalNumber;
      }
      const from = query.from ? new Date(query.from) : undefined;
      const to = query.to ? new Date(query.to) : undefined;
      if (from && to && from >= to) throw invalid('querystring.to', 'must be after from');
      const before = query.cursor ? decodeCursor(query.cursor) : undefined;
      for (const key of ['staffId', 'unitId', 'from', 'to', 'cursor'] as const) {
        const value = query[key];
        if (value !== undefined) filters[key] = value;
      }

      return db.transaction().execute(async (trx) => {
        const subjectId = personalNumber ? await store.personIdByPersonalNumber(trx, personalNumber) : undefined;
        const rows =
          subjectId === null
            ? []
            : await store.searchAuditLog(
                trx,
                { subjectId, staffId: query.staffId, unitId: query.unitId, from, to, before },
                query.limit,
              );
        const page = rows.slice(0, query.limit);
        await store.insertAuditSearch(trx, { staffId: actor.staffId, at: now, filters, resultCount: page.length });
        // In the follow-up capacity, not in any unit the administrator also works in.
        const asAdmin = { ...actor, activeUnitId: null };
        await recordAuditMany(
          trx,
          [...new Set(page.map((r) => r.subject_person_id))].map((subject) => ({
            actor: asAdmin,
            subjectPersonId: subject,
            action: 'read',
            recordType: 'audit_log',
            purpose: 'audit_follow_up',
            at: now,
          })),
        );
        const last = page.at(-1);
        return {
          data: page.map((r) => ({
            id: r.id,
            at: r.at.toISOString(),
            seq: r.seq,
            subject: {
              personId: r.subject_person_id,
              personalNumber: r.personal_number,
              name: `${r.subject_given_name} ${r.subject_family_name}`,
              protectedIdentity: r.subject_protected_identity,
            },
            actor: {
              kind: r.actor_kind,
              staffId: r.actor_staff_id,
              personId: r.actor_person_id,
              name: r.staff_given_name
                ? `${r.staff_given_name} ${r.staff_family_name}`
                : r.actor_given_name
                  ? `${r.actor_given_name} ${r.actor_family_name}`
                  : null,
              protectedIdentity: r.actor_protected_identity ?? false,
              title: r.staff_title,
              role: r.actor_role,
            },
            unit: r.unit_id && r.unit_name ? { id: r.unit_id, name: r.unit_name } : null,
            onBehalfOfRelation: r.on_behalf_of_relation,
            action: r.action,
            recordType: r.record_type,
            recordId: r.record_id,
            purpose: r.purpose,
            flagged: r.flagged,
            reason: readableReason(r.reason),
          })),
          nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
        };
      });
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
