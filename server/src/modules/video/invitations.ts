import type { CreateVideoInvitationRequest, VideoInvitee } from '@ingang/contracts';
import { guestLinkExpiry, kindAfterInvite } from '@ingang/domain';
import type { Actor } from '../../platform/auth.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { patientTransaction } from '../../platform/patient-access.js';
import { hashToken, newToken } from '../../platform/sessions.js';
import { type Deps, type Entries, refusal } from './entry.js';
import * as store from './store.js';

export function createInvitations(deps: Deps, e: Entries) {
  const { db, clock, config } = deps;

  function invitee(p: store.ParticipantRow): VideoInvitee {
    return {
      participantId: p.id,
      kind: p.kind,
      role: p.role,
      relation: p.relation,
      displayName: p.display_name,
      guestLinkExpiresAt: p.guest_expires_at?.toISOString() ?? null,
      removed: p.removed_at !== null,
    };
  }

  return {
    async invitations(actor: Actor, meetingId: string): Promise<VideoInvitee[]> {
      return patientTransaction(db, async (trx) => {
        await e.requireHost(trx, actor, meetingId);
        return (await store.participants(trx, meetingId)).map(invitee);
      });
    },

    async invite(
      actor: Actor,
      meetingId: string,
      body: CreateVideoInvitationRequest,
    ): Promise<{ invitee: VideoInvitee; guestUrl?: string; guestToken?: string }> {
      return patientTransaction(db, async (trx) => {
        const { m } = await e.requireHost(trx, actor, meetingId);
        if (m.status === 'ended') throw refusal('meeting_ended');
        const after = kindAfterInvite(m.kind, await store.countInvited(trx, meetingId));
        if (!after.ok) throw refusal('meeting_full');
        if (after.kind !== m.kind) await store.setKind(trx, meetingId, after.kind);
        const now = clock.now();
        if (body.kind === 'staff') {
          const name = await store.staffName(trx, body.staffId);
          if (!name?.active)
            throw badRequest('unknown_staff', 'Okänd medarbetare.', { staffId: 'unknown staff member' });
          const p = await store.insertParticipant(trx, {
            meeting_id: meetingId,
            kind: 'staff',
            staff_id: body.staffId,
            person_id: null,
            for_person_id: null,
            role: body.role,
            relation: 'colleague',
            display_name: await e.staffDisplayName(trx, body.staffId),
            guest_token_hash: null,
            guest_expires_at: null,
            created_at: now,
          });
          return { invitee: invitee(p) };
        }
        if (body.kind === 'citizen') {
          if (actor.kind !== 'staff') throw notFound('meeting');
          await deps.access.require(trx, actor, body.personId, {
            action: 'invite',
            recordType: 'video_meeting',
            recordId: meetingId,
            purpose: 'care',
            at: now,
          });
          const p = await e.invitePerson(trx, meetingId, body.personId, m.title, m.starts_at);
          return { invitee: invitee(p) };
        }
        const token = newToken();
        const p = await store.insertParticipant(trx, {
          meeting_id: meetingId,
          kind: 'guest',
          staff_id: null,
          person_id: null,
          for_person_id: null,
          role: 'guest',
          relation: body.relation,
          display_name: body.label ?? 'Gäst',
          guest_token_hash: hashToken(token),
          guest_expires_at: guestLinkExpiry(now, body.expiresInMinutes),
          created_at: now,
        });
        return { invitee: invitee(p), guestToken: token, guestUrl: `${config.publicUrl}/video/guest/${token}` };
      });
    },
  };
}
