/**
 * The unit's side of targeted offers: validate a target list (nothing stored
 * for a file with errors), create a draft (reserving times), publish
 * (targets materialised in one statement, audited, notified by a job), close
 * (reserved times released), and the offer pages with reached / notified /
 * booked. Only the unit's booking or unit administrators (and region admins)
 * manage offers.
 */
import { randomBytes } from 'node:crypto';
import type { CreateOfferRequest, StaffOffer } from '@ingang/contracts';
import {
  birthDateBounds,
  compareIsoDates,
  markUnknown,
  parseTargetList,
  stockholmDate,
  summarizeTargetList,
  validateTargetCriteria,
} from '@ingang/domain';
import { recordAuditMany } from '../../platform/audit.js';
import type { StaffActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { uuid } from '../../platform/db/helpers.js';
import type { Queryable, Tx } from '../../platform/db/index.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import type { TimebookModule } from '../timebook/index.js';
import type { OfferNotifier } from './notify.js';
import * as store from './store.js';

type Deps = Pick<AppContext, 'db' | 'clock'> & { timebook: Pick<TimebookModule, 'reservations' | 'policies'> };
const UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;
const PREVIEW_ROWS = 500;

const count = (v: number | string | null | undefined) => Number(v ?? 0);

/** The staff view of an offer with its stats. */
function offerView(
  r: store.OfferRow,
  s: store.OfferStatsRow | undefined,
  actor: StaffActor,
  canPublish: TimebookModule['policies']['canPublish'],
): StaffOffer {
  const admin = canPublish(actor, r.unit_id);
  return {
    id: r.id,
    unitId: r.unit_id,
    title: r.title,
    description: r.description,
    status: r.status,
    timeType: { id: r.time_type_id, name: r.type_name_sv, nameEn: r.type_name_en },
    target: {
      kind: r.target_kind,
      listedAtUnit: r.listed_at_unit,
      minAge: r.min_age,
      maxAge: r.max_age,
      riskGroup: r.risk_group,
      listSize: r.list_size,
    },
    validUntil: r.valid_until,
    createdAt: r.created_at.toISOString(),
    publishedAt: r.published_at ? r.published_at.toISOString() : null,
    closedAt: r.closed_at ? r.closed_at.toISOString() : null,
    stats: {
      reached: count(s?.reached),
      notified: count(s?.notified),
      booked: count(s?.booked),
      reservedSlots: count(s?.reserved_slots),
      reservedPlacesLeft: count(s?.reserved_places_left),
    },
    abilities: { canPublish: admin && r.status === 'draft', canClose: admin && r.status !== 'closed' },
  };
}

/** Offers for staff. */
export function createOfferStaffService(deps: Deps, notifier: OfferNotifier) {
  const { db, clock } = deps;
  const { reservations: slots, policies } = deps.timebook;
  const view = (r: store.OfferRow, s: store.OfferStatsRow | undefined, actor: StaffActor) =>
    offerView(r, s, actor, policies.canPublish);

  async function one(q: Queryable, actor: StaffActor, unitId: string, id: string, now: Date): Promise<StaffOffer> {
    const row = await store.findOffer(q, unitId, id);
    if (!row) throw notFound('offer');
    return view(row, (await store.offerStats(q, [id], now)).get(id), actor);
  }

  /** Locks a draft/published offer of the unit (404 unknown). */
  async function locked(trx: Tx, unitId: string, id: string) {
    const offer = await store.lockOffer(trx, unitId, id);
    if (!offer) throw notFound('offer');
    return offer;
  }

  return {
    /**
     * Step 1 of a list upload: every row checked (format, date, check digit,
     * duplicates, unknown persons). Only a clean list is stored, under a token.
     */
    async validateList(actor: StaffActor, unitId: string, text: string) {
      policies.requirePublisher(actor, unitId);
      const now = clock.now();
      const parsed = parseTargetList(text, now);
      const numbers = parsed.filter((r) => r.status === 'ok' && r.normalized).map((r) => r.normalized as string);
      const known = await store.knownPersons(db, numbers);
      const rows = markUnknown(parsed, new Set(known.keys()));
      const summary = summarizeTargetList(rows);
      let uploadToken: string | null = null;
      if (summary.usable) {
        uploadToken = randomBytes(24).toString('base64url');
        const personIds = rows.map((r) => known.get(r.normalized as string) as string);
        await store.insertUpload(db, {
          token: uploadToken,
          unitId,
          staffId: actor.staffId,
          personIds,
          now,
          expiresAt: new Date(now.getTime() + UPLOAD_TTL_MS),
        });
      }
      const errorsFirst = [...rows.filter((r) => r.status !== 'ok'), ...rows.filter((r) => r.status === 'ok')];
      return {
        uploadToken,
        okCount: summary.ok,
        errorCount: summary.errors,
        rows: errorsFirst
          .slice(0, PREVIEW_ROWS)
          .map((r) => ({ line: r.line, input: r.input, status: r.status, message: r.message })),
      };
    },

    /** A draft offer; its times reserved at once. All or nothing: 400 names the field. */
    async create(actor: StaffActor, unitId: string, input: CreateOfferRequest): Promise<StaffOffer> {
      policies.requirePublisher(actor, unitId);
      const now = clock.now();
      const target = input.target;
      const fields: Record<string, string> = target.kind === 'criteria' ? validateTargetCriteria(target) : {};
      if (input.validUntil && compareIsoDates(input.validUntil, stockholmDate(now)) < 0) {
        fields.validUntil = 'must not be in the past';
      }
      if (Object.keys(fields).length) throw badRequest('invalid_offer', 'Erbjudandet är inte rätt ifyllt.', fields);
      const id = uuid();
      await db.transaction().execute(async (trx) => {
        const type = await slots.unitTimeType(trx, unitId, input.timeTypeId);
        if (!type) {
          throw badRequest('invalid_offer', 'Enheten har inte den besökstypen.', {
            timeTypeId: 'not a time type of the unit',
          });
        }
        let listSize: number | null = null;
        if (target.kind === 'list') {
          listSize = await store.takeUpload(trx, target.uploadToken, unitId, now);
          if (listSize === null) {
            throw badRequest('invalid_offer', 'Listan har gått ut eller använts redan. Ladda upp den igen.', {
              'target.uploadToken': 'unknown, expired or already used',
            });
          }
        }
        const wanted = [...new Set(input.slotIds)];
        await store.insertOffer(trx, {
          id,
          unitId,
          timeTypeId: input.timeTypeId,
          title: input.title,
          description: input.description,
          targetKind: target.kind,
          listedAtUnit: target.kind === 'criteria' ? target.listedAtUnit : false,
          minAge: target.kind === 'criteria' ? target.minAge : null,
          maxAge: target.kind === 'criteria' ? target.maxAge : null,
          riskGroup: target.kind === 'criteria' ? target.riskGroup : null,
          uploadToken: target.kind === 'list' ? target.uploadToken : null,
          listSize,
          hasReserved: wanted.length > 0,
          validUntil: input.validUntil,
          staffId: actor.staffId,
          now,
        });
        const reserved = new Set(
          await slots.reserve(trx, wanted, { unitId, timeTypeId: input.timeTypeId, holder: id, now }),
        );
        if (reserved.size !== wanted.length) {
          const bad = Object.fromEntries(
            input.slotIds
              .map((s, i) => [`slotIds.${i}`, s] as const)
              .filter(([, s]) => !reserved.has(s))
              .map(([k]) => [k, 'not a free time of this type at the unit']),
          );
          throw badRequest('slot_not_free', 'En eller flera tider går inte att reservera.', bad);
        }
      });
      return one(db, actor, unitId, id, now);
    },

    /** The unit's offers with stats. */
    async list(actor: StaffActor, unitId: string): Promise<StaffOffer[]> {
      policies.requirePublisher(actor, unitId);
      const now = clock.now();
      const rows = await store.listOffers(db, unitId);
      const stats = await store.offerStats(
        db,
        rows.map((r) => r.id),
        now,
      );
      return rows.map((r) => view(r, stats.get(r.id), actor));
    },

    async get(actor: StaffActor, unitId: string, id: string): Promise<StaffOffer> {
      policies.requirePublisher(actor, unitId);
      return one(db, actor, unitId, id, clock.now());
    },

    /** draft → published: the target group materialised (one audit row per target) and a notify job queued. */
    async publish(actor: StaffActor, unitId: string, id: string): Promise<StaffOffer> {
      policies.requirePublisher(actor, unitId);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const offer = await locked(trx, unitId, id);
        if (offer.status !== 'draft')
          throw conflict('invalid_transition', 'Erbjudandet är redan publicerat eller stängt.');
        const row = await store.findOffer(trx, unitId, id);
        if (!row) throw notFound('offer');
        let targets: string[];
        if (row.target_kind === 'list' && offer.upload_token) {
          targets = await store.insertListTargets(trx, id, offer.upload_token, now);
        } else {
          const bounds = birthDateBounds(row.min_age, row.max_age, stockholmDate(now));
          targets = await store.insertCriteriaTargets(trx, {
            offerId: id,
            unitId,
            listedAtUnit: row.listed_at_unit,
            riskGroup: row.risk_group,
            ...bounds,
            now,
          });
        }
        await store.setStatus(trx, id, ['draft'], 'published', now);
        await recordAuditMany(
          trx,
          targets.map((subjectPersonId) => ({
            actor,
            subjectPersonId,
            action: 'target',
            recordType: 'offer',
            recordId: id,
            purpose: 'care',
            unitId,
            at: now,
          })),
        );
        await notifier.queue(trx, id);
      });
      return one(db, actor, unitId, id, now);
    },

    /** draft|published → closed: no more booking through it; unbooked reserved times released. */
    async close(actor: StaffActor, unitId: string, id: string): Promise<StaffOffer> {
      policies.requirePublisher(actor, unitId);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const offer = await locked(trx, unitId, id);
        if (offer.status === 'closed') throw conflict('invalid_transition', 'Erbjudandet är redan stängt.');
        await store.setStatus(trx, id, ['draft', 'published'], 'closed', now);
        await slots.release(trx, id);
      });
      return one(db, actor, unitId, id, now);
    },
  };
}

export type OfferStaffService = ReturnType<typeof createOfferStaffService>;
