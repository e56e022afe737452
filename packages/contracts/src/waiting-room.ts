/** The waiting room (issue 15): joining and standing in a queue, the public release facts, and its administration. */
import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.js';

export const RoomParams = z.object({ roomId: Uuid });
export const QueueNonceHeaders = z.object({
  'x-queue-nonce': z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,128}$/, 'must be 16–128 base64url characters held by this browser')
    .describe('A random value this browser keeps; the ticket is bound to it'),
});

/** A place costs a solved challenge: SHA-256(challenge ":" solution) must start with `bits` zero bits. */
export const QueueChallengeResponse = z
  .object({
    challenge: z.string(),
    bits: z.number().int(),
    algorithm: z.literal('sha256-leading-zero-bits'),
    expiresAt: IsoDateTime,
  })
  .meta({ id: 'QueueChallenge' });
export type QueueChallengeResponse = z.infer<typeof QueueChallengeResponse>;

/**
 * The room's proof-of-work prefix this minute (the same for everyone: the room's answer stays
 * cacheable). Pick a random client nonce, find a solution with SHA-256(prefix ":" clientNonce ":"
 * solution) starting with `bits` zero bits, and join with `{ challenge: prefix, clientNonce, solution }`
 * before `expiresAt` — no challenge request of one's own.
 */
export const RoomProof = z
  .object({
    prefix: z.string(),
    bits: z.number().int(),
    algorithm: z.literal('sha256-leading-zero-bits'),
    expiresAt: IsoDateTime,
  })
  .meta({ id: 'QueueProofPrefix' });
export type RoomProof = z.infer<typeof RoomProof>;

export const JoinQueueRequest = z
  .object({
    challenge: z.string().max(2000).optional(),
    /** With an epoch prefix as `challenge`: the random value the solution was found for (single use). */
    clientNonce: z.string().max(64).optional(),
    solution: z.string().max(64).optional(),
  })
  // No body at all (keeping a place this browser holds) arrives as null.
  .nullish();
export type JoinQueueRequest = z.infer<typeof JoinQueueRequest>;

export const TicketStatusResponse = z
  .object({
    roomId: Uuid,
    phase: z.enum(['prequeue', 'waiting', 'admitted', 'expired']),
    arrival: z.number().int(),
    place: z.number().int().nullable(),
    serving: z.number().int(),
    ahead: z.number().int().nullable(),
    etaSeconds: z.number().int().nullable(),
    progress: z.number(),
    releaseAt: IsoDateTime,
    admittedUntil: IsoDateTime.nullable(),
    paused: z.boolean(),
    pollSeconds: z.number().int(),
    /** Fixed-rate rooms: when the gate lets this ticket through (go straight on then); null otherwise. */
    dueAt: IsoDateTime.nullable(),
  })
  .meta({ id: 'QueueTicketStatus' });
export type TicketStatusResponse = z.infer<typeof TicketStatusResponse>;

export const RoomPublic = z
  .object({
    id: Uuid,
    scope: z.enum(['app', 'time_type']),
    timeTypeId: Uuid.nullable(),
    phase: z.enum(['scheduled', 'prequeue', 'open', 'paused']),
    prequeueOpensAt: IsoDateTime,
    releaseAt: IsoDateTime,
    admission: z.enum(['rate', 'capacity']),
    admissionsPerMinute: z.number(),
    arrivals: z.number().int(),
    serving: z.number().int(),
    queueLength: z.number().int(),
    /** Estimated wait for someone joining now, seconds (null while paused or before the release). */
    etaSeconds: z.number().int().nullable(),
    prequeueCount: z.number().int().nullable(),
    shuffle: z.object({
      algorithm: z.string(),
      seedSha256: z.string(),
      /** Published once the release moment has passed. */
      seed: z.string().nullable(),
    }),
    /** On the public room answers: this minute's proof-of-work prefix for a new place (null: none asked). */
    pow: RoomProof.nullable().optional(),
  })
  .meta({ id: 'WaitingRoom' });
export type RoomPublic = z.infer<typeof RoomPublic>;

export const RoomListResponse = z.object({ data: z.array(RoomPublic) });
export const RoomResponse = z.object({ data: RoomPublic });

export const ReleaseWeatherParams = z.object({ timeTypeId: Uuid });
export const ReleaseWeatherResponse = z
  .object({
    data: z.object({
      timeType: z.object({ id: Uuid, code: z.string(), nameSv: z.string(), nameEn: z.string() }),
      ages: z.object({ min: z.number().int().nullable(), max: z.number().int().nullable() }),
      openNow: z.array(
        z.object({ bornOnOrBefore: z.string().nullable(), minAge: z.number().int().nullable(), since: IsoDateTime }),
      ),
      next: z.array(
        z.object({ bornOnOrBefore: z.string().nullable(), minAge: z.number().int().nullable(), opensAt: IsoDateTime }),
      ),
      /** No release rules: everyone the age range allows may book. */
      openToAll: z.boolean(),
      freePlaces: z.array(z.object({ area: z.string(), free: z.number().int(), units: z.number().int() })),
      totalFree: z.number().int(),
      queue: RoomPublic.nullable(),
      asOf: IsoDateTime,
    }),
  })
  .meta({ id: 'ReleaseWeather' });
export type ReleaseWeatherResponse = z.infer<typeof ReleaseWeatherResponse>;

/** Proof-of-work difficulty of a room: leading zero bits per new place (0: none). */
const PowBits = z
  .number({ error: 'must be a whole number from 0 to 24' })
  .int('must be a whole number from 0 to 24')
  .min(0, 'must be a whole number from 0 to 24')
  .max(24, 'must be a whole number from 0 to 24 (each bit doubles the work a phone does)');

export const CreateRoomRequest = z
  .object({
    scope: z.enum(['app', 'time_type']),
    timeTypeId: Uuid.optional(),
    admission: z.enum(['rate', 'capacity']).default('rate'),
    ratePerMinute: z.number().int().min(1).max(1_000_000).default(600),
    capacity: z.number().int().min(1).max(1_000_000).default(500),
    admittedValidMinutes: z.number().int().min(1).max(120).default(15),
    /** Absent: the room opens now, with no prequeue. */
    releaseAt: IsoDateTime.optional(),
    /** How long before releaseAt the prequeue opens (5–240 minutes). */
    prequeueMinutes: z.number().int().min(5).max(240).default(15),
    /** Proof-of-work bits per new place; absent: the server's configured default. */
    powBits: PowBits.optional(),
    /** The pace (rate mode, at most `ratePerMinute`) or the places (capacity mode, at most `capacity`) follow the servers' load. */
    paceAuto: z.boolean().optional(),
  })
  .refine((r) => r.scope === 'app' || r.timeTypeId !== undefined, {
    message: 'is required when the scope is a time type',
    path: ['timeTypeId'],
  });
export type CreateRoomRequest = z.infer<typeof CreateRoomRequest>;

export const UpdateRoomRequest = z.object({
  /** release: move a scheduled release to now (the prequeue is shuffled at once). */
  action: z.enum(['pause', 'resume', 'end', 'set', 'release']),
  ratePerMinute: z.number().int().min(1).max(1_000_000).optional(),
  capacity: z.number().int().min(1).max(1_000_000).optional(),
  /** set: the room's proof-of-work bits per new place (null: back to the configured default). */
  powBits: PowBits.nullable().optional(),
  /** set: follow the servers' load (ratePerMinute, or capacity in capacity mode, is then the ceiling). */
  paceAuto: z.boolean().optional(),
});
export type UpdateRoomRequest = z.infer<typeof UpdateRoomRequest>;

export const RoomDashboardResponse = z.object({
  data: z.object({
    room: RoomPublic,
    /** Capacity mode: people inside now (admitted and still counted, plus called and not yet come). */
    insideNow: z.number().int(),
    /** The administrator's capacity (the ceiling when `paceAuto`). */
    capacity: z.number().int(),
    /** The places the room has now: `capacity`, or less while the load keeps it down (`paceAuto`). */
    capacityNow: z.number().int(),
    /** The administrator's rate (the ceiling when `paceAuto`); the pace now is `room.admissionsPerMinute`. */
    ratePerMinute: z.number().int(),
    paceAuto: z.boolean(),
    /** The room's proof-of-work bits per new place; `powBitsDefault` when it follows the configured default. */
    powBits: z.number().int(),
    powBitsDefault: z.boolean(),
    admitted: z.number().int(),
    used: z.number().int(),
    completed: z.number().int(),
    left: z.number().int(),
    /** Admitted in the last minute (from the samples). */
    admittedPerMinute: z.number(),
    /** Admitted but not (yet) used, plus those who left the queue. */
    abandoned: z.number().int(),
    samples: z.array(
      z.object({
        at: IsoDateTime,
        arrivals: z.number().int(),
        serving: z.number().int(),
        admitted: z.number().int(),
        completed: z.number().int(),
      }),
    ),
    ended: z.boolean(),
  }),
});
export type RoomDashboardResponse = z.infer<typeof RoomDashboardResponse>;
