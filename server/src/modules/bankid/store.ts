/** SQL for the orders this relying party started (`bankid_orders`) and the login's one write. */
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.js';
import type { RegistryPerson } from '../../platform/registry.js';
import { type Session, sessionRow } from '../../platform/sessions.js';

export interface RpOrder {
  orderRef: string;
  qrStartToken: string;
  qrStartSecret: string;
  startedAt: Date;
}

export async function insertOrder(db: Queryable, order: RpOrder & { endUserIp: string }): Promise<void> {
  await db
    .insertInto('bankid_orders')
    .values({
      order_ref: order.orderRef,
      qr_start_token: order.qrStartToken,
      qr_start_secret: order.qrStartSecret,
      end_user_ip: order.endUserIp,
      started_at: order.startedAt,
    })
    .execute();
}

/** An order that has not completed into a session and was started after `notBefore`. */
export async function findOpenOrder(db: Queryable, orderRef: string, notBefore: Date): Promise<RpOrder | null> {
  const row = await db
    .selectFrom('bankid_orders')
    .select(['order_ref', 'qr_start_token', 'qr_start_secret', 'started_at'])
    .where('order_ref', '=', orderRef)
    .where('completed_at', 'is', null)
    .where('started_at', '>', notBefore)
    .executeTakeFirst();
  return row
    ? {
        orderRef: row.order_ref,
        qrStartToken: row.qr_start_token,
        qrStartSecret: row.qr_start_secret,
        startedAt: row.started_at,
      }
    : null;
}

/**
 * The login's one write, as ONE statement (one round trip, one commit, atomic like the
 * transaction it replaces): closes the order — conditional on it being open, so of two
 * simultaneous collects only one makes a session —, creates or refreshes the person from
 * the registry (as `upsertPersonFromRegistry` in platform/persons.ts), stores the minted
 * session for that person and revokes the session the browser came with (session fixation).
 * Returns the person's id, or null when the order was not open (nothing written).
 */
export async function completeOrderIntoSession(
  db: Queryable,
  input: {
    orderRef: string;
    now: Date;
    newPersonId: string;
    person: RegistryPerson;
    session: Session;
    previousIdHash: string | null;
  },
): Promise<string | null> {
  const { now, person: p } = input;
  const s = sessionRow(input.session);
  const { rows } = await sql<{ person_id: string }>`
    with closed as (
      update bankid_orders set completed_at = ${now}::timestamptz
       where order_ref = ${input.orderRef}::text and completed_at is null
      returning order_ref),
    person as (
      insert into persons (id, personal_number, given_name, family_name, protected_identity, street, postal_code,
                           city, municipality, registry_synced_at, created_at, updated_at)
      select ${input.newPersonId}::uuid, ${p.personalNumber}::char(12), ${p.givenName}::text, ${p.familyName}::text,
             ${p.protectedIdentity}::boolean, ${p.address.street}::text, ${p.address.postalCode}::text,
             ${p.address.city}::text, ${p.address.municipality}::text, ${now}::timestamptz, ${now}::timestamptz,
             ${now}::timestamptz
        from closed
      on conflict (personal_number) do update
         set given_name = excluded.given_name, family_name = excluded.family_name,
             protected_identity = excluded.protected_identity, street = excluded.street,
             postal_code = excluded.postal_code, city = excluded.city, municipality = excluded.municipality,
             registry_synced_at = excluded.registry_synced_at
      returning id),
    revoked as (
      update sessions set revoked_at = ${now}::timestamptz
       where id_hash = ${input.previousIdHash}::text and revoked_at is null and exists (select 1 from closed))
    insert into sessions (id_hash, kind, person_id, staff_id, csrf_token, idle_seconds, created_at, last_seen_at,
                          expires_at)
    select ${s.id_hash}::text, ${s.kind}::text, person.id, null, ${s.csrf_token}::text, ${s.idle_seconds}::int,
           ${s.created_at}::timestamptz, ${s.last_seen_at}::timestamptz, ${s.expires_at}::timestamptz
      from person
    returning person_id`.execute(db);
  return rows[0]?.person_id ?? null;
}

/** Forgets orders started before `cutoff`. */
export async function purgeOrders(db: Queryable, cutoff: Date): Promise<void> {
  await db.deleteFrom('bankid_orders').where('started_at', '<', cutoff).execute();
}
