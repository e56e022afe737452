/**
 * SQL of the live side of meetings across instances: which instance carries a
 * meeting's room (`video_rooms`) and where each participant is in it
 * (`video_live`: waiting room or in the meeting, media flags). The carrier
 * writes these through as the room changes, so another instance can take the
 * room over when the carrier stops. No rules here.
 */
import type { MediaState } from '@ingang/contracts';
import { sql } from 'kysely';
import { aliveSql } from '../../platform/cluster.js';
import type { Queryable } from '../../platform/db/index.js';
import type { ParticipantRow } from './store.js';

/**
 * Makes `instanceId` the carrier of the meeting unless another, live instance
 * already is; returns the carrier. One statement, so two instances claiming at
 * once get the same answer.
 */
export async function claimRoom(q: Queryable, meetingId: string, instanceId: string, deadAfterMs: number) {
  const claimed = await q
    .insertInto('video_rooms')
    .values({ meeting_id: meetingId, owner_instance: instanceId, spotlight: null, claimed_at: sql<Date>`now()` })
    .onConflict((oc) =>
      oc
        .column('meeting_id')
        .doUpdateSet({ owner_instance: instanceId, claimed_at: sql<Date>`now()` })
        .where((eb) =>
          eb.or([
            eb('video_rooms.owner_instance', '=', instanceId),
            eb.not(aliveSql('video_rooms.owner_instance', deadAfterMs)),
          ]),
        ),
    )
    .returning('owner_instance')
    .executeTakeFirst();
  if (claimed) return claimed.owner_instance;
  const row = await q
    .selectFrom('video_rooms')
    .select('owner_instance')
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  return row?.owner_instance ?? instanceId;
}

export async function roomOwner(q: Queryable, meetingId: string) {
  const row = await q
    .selectFrom('video_rooms')
    .select(['owner_instance', 'spotlight'])
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  return row ?? null;
}

/** Gives up the carrier role (room empty, or this instance stops): the live rows stay for the next carrier. */
export async function releaseRoom(q: Queryable, meetingId: string, instanceId: string) {
  await q
    .deleteFrom('video_rooms')
    .where('meeting_id', '=', meetingId)
    .where('owner_instance', '=', instanceId)
    .execute();
}

export async function setSpotlight(q: Queryable, meetingId: string, participantId: string | null) {
  await q.updateTable('video_rooms').set({ spotlight: participantId }).where('meeting_id', '=', meetingId).execute();
}

export interface LiveRow {
  participant: ParticipantRow;
  state: 'waiting' | 'in_meeting';
  media: MediaState;
  mutedByHost: boolean;
  since: Date;
}

/** The participants a meeting's room had (to rebuild it on another instance). */
export async function liveRows(q: Queryable, meetingId: string): Promise<LiveRow[]> {
  const rows = await q
    .selectFrom('video_live as l')
    .innerJoin('video_participants as p', 'p.id', 'l.participant_id')
    .selectAll('p')
    .select(['l.state', 'l.audio', 'l.video', 'l.screen', 'l.muted_by_host', 'l.since'])
    .where('l.meeting_id', '=', meetingId)
    .where('p.removed_at', 'is', null)
    .orderBy('l.since')
    .execute();
  return rows.map(({ state, audio, video, screen, muted_by_host, since, ...participant }) => ({
    participant,
    state,
    media: { audio, video, screen },
    mutedByHost: muted_by_host,
    since,
  }));
}

export async function saveLive(
  q: Queryable,
  meetingId: string,
  live: {
    participantId: string;
    state: 'waiting' | 'in_meeting';
    media: MediaState;
    mutedByHost: boolean;
    since: Date;
  },
) {
  const values = {
    state: live.state,
    audio: live.media.audio,
    video: live.media.video,
    screen: live.media.screen,
    muted_by_host: live.mutedByHost,
    since: live.since,
  };
  await q
    .insertInto('video_live')
    .values({ participant_id: live.participantId, meeting_id: meetingId, ...values })
    .onConflict((oc) => oc.column('participant_id').doUpdateSet(values))
    .execute();
}

export async function deleteLive(q: Queryable, participantId: string) {
  await q.deleteFrom('video_live').where('participant_id', '=', participantId).execute();
}

/** Clears what a meeting left behind once nobody is in it (ended, or every place expired). */
export async function clearMeeting(q: Queryable, meetingId: string) {
  await q.deleteFrom('video_live').where('meeting_id', '=', meetingId).execute();
}
