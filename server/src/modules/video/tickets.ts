/**
 * Join tickets (random, stored hashed, one per participant: a new join
 * replaces the old one) that authorise the signalling socket, the ICE
 * servers handed out with them, and guest links.
 */
import { createHmac } from 'node:crypto';
import type { IceServer, JoinResponse } from '@ingang/contracts';
import { mayJoin, RESUME_GRACE_SECONDS, topologyOf } from '@ingang/domain';
import type { Actor } from '../../platform/auth.js';
import type { Queryable, Tx } from '../../platform/db/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { patientTransaction } from '../../platform/patient-access.js';
import { hashToken, newToken } from '../../platform/sessions.js';
import { type Deps, type Entries, refusal } from './entry.js';
import * as store from './store.js';

export function createTickets(deps: Deps, e: Entries) {
  const { db, clock, config } = deps;

  function iceServers(participantId: string): IceServer[] {
    const list: IceServer[] = [];
    if (config.video.stunUrls.length) list.push({ urls: config.video.stunUrls });
    if (config.video.turnUrls.length && config.video.turnSecret) {
      // coturn `use-auth-secret`: username = expiry:who, credential = base64(hmac-sha1(secret, username)).
      const username = `${Math.floor(clock.now().getTime() / 1000) + 12 * 3600}:${participantId}`;
      const credential = createHmac('sha1', config.video.turnSecret).update(username).digest('base64');
      list.push({ urls: config.video.turnUrls, username, credential });
    }
    return list;
  }

  async function issueTicket(trx: Tx, m: store.MeetingRow, p: store.ParticipantRow): Promise<JoinResponse['data']> {
    const decision = mayJoin({
      at: clock.now(),
      role: p.role,
      status: m.status,
      startsAt: m.starts_at,
      endsAt: m.ends_at,
      locked: m.locked,
      removed: p.removed_at !== null,
      guestExpiresAt: p.guest_expires_at,
    });
    if (!decision.ok) throw refusal(decision.reason, m.starts_at ? { startsAt: m.starts_at.toISOString() } : undefined);
    const ticket = newToken();
    await store.setTicket(trx, p.id, hashToken(ticket));
    return {
      meetingId: m.id,
      participantId: p.id,
      role: p.role,
      displayName: p.display_name,
      ticket,
      topology: topologyOf(m.kind),
      iceServers: iceServers(p.id),
      wsPath: '/api/video/ws',
      resumeGraceSeconds: RESUME_GRACE_SECONDS,
      meeting: { id: m.id, kind: m.kind, title: m.title, startsAt: m.starts_at?.toISOString() ?? null },
    };
  }

  async function guestByToken(q: Queryable, token: string) {
    const p = await store.participantByGuestToken(q, hashToken(token));
    if (!p) throw notFound('link');
    const m = await store.meeting(q, p.meeting_id);
    if (!m) throw notFound('link');
    if (m.status === 'ended') throw new AppError(410, 'meeting_ended', 'Mötet är avslutat.');
    if (p.guest_expires_at && p.guest_expires_at.getTime() <= clock.now().getTime()) {
      throw refusal('guest_link_expired');
    }
    if (p.removed_at && m.locked) throw refusal('removed');
    return { p, m };
  }

  return {
    iceServers,

    async join(actor: Actor, meetingId: string): Promise<JoinResponse['data']> {
      if (actor.kind === 'staff') {
        return patientTransaction(db, async (trx) => {
          const m = await store.meeting(trx, meetingId, true);
          if (!m) throw notFound('meeting');
          const p = await e.staffEntry(trx, actor, m, 'join');
          if (!p) throw notFound('meeting');
          const ticket = await issueTicket(trx, m, p);
          if (p.role === 'host') await store.markOpen(trx, m.id);
          return ticket;
        });
      }
      const entry = await e.citizenEntry(actor, meetingId, true);
      return entry.go(async ({ m, row, trx }) => {
        if (!row) throw notFound('meeting');
        return issueTicket(trx, m, row);
      });
    },

    async guestInfo(token: string) {
      const { p, m } = await guestByToken(db, token);
      const unit = await store.unitName(db, m.unit_id);
      return {
        meetingTitle: m.title,
        startsAt: m.starts_at?.toISOString() ?? null,
        expiresAt: (p.guest_expires_at as Date).toISOString(),
        unitName: unit?.name ?? null,
      };
    },

    async guestJoin(token: string, displayName: string, ip: string): Promise<JoinResponse['data']> {
      await deps.rateLimiter.hit(`video-guest:${ip}`, 30, 'För många försök. Vänta en stund och försök igen.');
      await deps.rateLimiter.hit(`video-guest-token:${hashToken(token)}`, 10, 'För många försök med länken.');
      return db.transaction().execute(async (trx) => {
        const { p, m } = await guestByToken(trx, token);
        await store.setDisplayName(trx, p.id, displayName);
        return issueTicket(trx, m, { ...p, display_name: displayName });
      });
    },

    /** The participant and meeting behind a ticket, or null. */
    async resolveTicket(ticket: string) {
      const p = await store.participantByTicket(db, hashToken(ticket));
      if (!p || p.removed_at) return null;
      const m = await store.meeting(db, p.meeting_id);
      if (!m) return null;
      return { p, m };
    },
  };
}
