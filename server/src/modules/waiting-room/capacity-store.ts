/**
 * The shared ledger of capacity-mode rooms (see packages/domain's capacity.ts
 * for the rule). With Redis every step is one script run atomically on the
 * shared keys, so any number of instances agree on who is inside and which
 * place is called next; without Redis (one instance) the domain functions run
 * on an in-memory ledger. Keys live as long as the room's other counters.
 */
import {
  type CapacityLedger,
  claim,
  inside,
  MAX_CALLS_PER_STEP,
  newCapacityLedger,
  release,
  settle,
  touch,
} from '@ingang/domain';
import type { Hub } from '../../platform/hub.js';
import { COUNTER_TTL_SECONDS, counterKey } from './rooms.js';

export interface CapacityRoom {
  id: string;
  capacity: number;
  paused: boolean;
}

/** Step results: 1 = admitted / kept, 0 = not called yet, 2 = gone (used up or past its turn), 3 = a returner standing back; release 1 = freed. */
export const STEP = { live: 1, no: 0, gone: 2, back: 3 } as const;

/** The ledger's figures after a step (`result`: see `STEP`). */
export interface CapacityState {
  result: number;
  called: number;
  freed: number;
  live: number;
  pending: number;
  /** Returners waiting for a free place (freed for silence, or a lapsed call). */
  back: number;
}

export interface CapacityStore {
  /** Frees lapsed places, readmits returners and calls the next (each instance, once a second). */
  settle(room: CapacityRoom, now: number): Promise<CapacityState>;
  claim(room: CapacityRoom, ticket: string, place: number, now: number, admittedUntil: number): Promise<CapacityState>;
  touch(room: CapacityRoom, ticket: string, now: number, admittedUntil: number): Promise<CapacityState>;
  release(room: CapacityRoom, ticket: string, now: number): Promise<CapacityState>;
  /** Drops an ended room's in-memory ledger (Redis keys expire by themselves). */
  forget(id: string): void;
}

type Op = 'settle' | 'claim' | 'touch' | 'release';

// A line-by-line copy of settle/comeBack/claim/touch/release in packages/domain/src/waiting-room/capacity.ts.
// `back` is a sorted set in the order returners came back (ties: by ticket id); `backuntil` the same
// tickets scored by their deadline, so a step finds the lapsed ones without reading the whole line.
const SCRIPT = `
local live, pending, calledK, freedK, doneK, arrivalsK, backK, backUntilK =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local op = ARGV[1]
local now = tonumber(ARGV[2])
local capacity = tonumber(ARGV[3])
local abandon = tonumber(ARGV[4])
local ticket = ARGV[5]
local place = tonumber(ARGV[6])
local untilAt = tonumber(ARGV[7])
local ttl = tonumber(ARGV[8])
local paused = ARGV[9] == '1'
local maxCalls = tonumber(ARGV[10])
local called = tonumber(redis.call('GET', calledK) or '0')
local freed = tonumber(redis.call('GET', freedK) or '0')
local arrivals = tonumber(redis.call('GET', arrivalsK) or '0')
local function inside()
  return redis.call('ZCARD', live) + redis.call('ZCARD', pending)
end
local function unback(t)
  redis.call('ZREM', backK, t)
  redis.call('ZREM', backUntilK, t)
end
local function settle()
  freed = freed + redis.call('ZREMRANGEBYSCORE', live, '-inf', now)
  freed = freed + redis.call('ZREMRANGEBYSCORE', pending, '-inf', now)
  for _, t in ipairs(redis.call('ZRANGEBYSCORE', backUntilK, '-inf', now)) do unback(t) end
  if paused then return end
  local free = capacity - inside()
  if free > 0 then
    for _, t in ipairs(redis.call('ZRANGE', backK, 0, free - 1)) do
      redis.call('ZADD', live, redis.call('ZSCORE', backUntilK, t), t)
      unback(t)
      freed = freed - 1
    end
  end
  local target = math.min(capacity + freed, arrivals, called + maxCalls)
  while called < target do
    called = called + 1
    redis.call('ZADD', pending, now + abandon, called)
  end
end
local function comeBack(deadline)
  local first = redis.call('ZRANGE', backK, 0, 0)[1]
  if paused or inside() >= capacity or (first and first ~= ticket) then
    redis.call('ZADD', backK, 'NX', now, ticket)
    redis.call('ZADD', backUntilK, deadline, ticket)
    return 3
  end
  unback(ticket)
  redis.call('ZADD', live, deadline, ticket)
  freed = freed - 1
  return 1
end
local deadline = math.min(now + abandon, untilAt)
local result = 0
if op == 'settle' then
  settle()
elseif op == 'claim' then
  settle()
  if redis.call('SISMEMBER', doneK, ticket) == 1 then
    result = 2
  elseif place <= called then
    if redis.call('ZREM', pending, place) == 1 or redis.call('ZSCORE', live, ticket) then
      unback(ticket)
      redis.call('ZADD', live, deadline, ticket)
      result = 1
    else
      result = comeBack(deadline)
    end
  end
elseif op == 'touch' then
  if redis.call('SISMEMBER', doneK, ticket) == 1 or deadline <= now then
    result = 2
  elseif redis.call('ZSCORE', live, ticket) then
    redis.call('ZADD', live, deadline, ticket)
    result = 1
  else
    result = comeBack(deadline)
  end
elseif op == 'release' then
  if redis.call('ZREM', live, ticket) == 1 then freed = freed + 1; result = 1 end
  unback(ticket)
  redis.call('SADD', doneK, ticket)
  settle()
end
redis.call('SET', calledK, called, 'EX', ttl)
redis.call('SET', freedK, freed, 'EX', ttl)
for _, k in ipairs({live, pending, doneK, backK, backUntilK}) do redis.call('EXPIRE', k, ttl) end
return {result, called, freed, redis.call('ZCARD', live), redis.call('ZCARD', pending), redis.call('ZCARD', backK)}
`;

export function createCapacityStore(hub: Hub, abandonSeconds: number): CapacityStore {
  const abandonMs = abandonSeconds * 1000;
  const run = hub.eval?.bind(hub);
  if (run) {
    const step = async (op: Op, room: CapacityRoom, now: number, ticket = '', place = 0, until = 0) => {
      const k = (name: string) => `wrc:${room.id}:${name}`;
      const [result, called, freed, live, pending, back] = (await run(
        SCRIPT,
        [
          k('live'),
          k('pending'),
          k('called'),
          k('freed'),
          k('done'),
          counterKey(room.id, 'arrivals'),
          k('back'),
          k('backuntil'),
        ],
        [
          op,
          now,
          room.capacity,
          abandonMs,
          ticket,
          place,
          until,
          COUNTER_TTL_SECONDS,
          room.paused ? '1' : '0',
          MAX_CALLS_PER_STEP,
        ],
      )) as number[];
      return { result, called, freed, live, pending, back } as CapacityState;
    };
    return {
      settle: (room, now) => step('settle', room, now),
      claim: (room, ticket, place, now, until) => step('claim', room, now, ticket, place, until),
      touch: (room, ticket, now, until) => step('touch', room, now, ticket, 0, until),
      release: (room, ticket, now) => step('release', room, now, ticket),
      forget: () => undefined,
    };
  }

  // One instance: the domain's ledger in memory (the arrivals counter is the hub's, as with Redis).
  const ledgers = new Map<string, CapacityLedger>();
  const ledger = (id: string) => {
    let l = ledgers.get(id);
    if (!l) {
      l = newCapacityLedger();
      ledgers.set(id, l);
    }
    return l;
  };
  const arrivals = async (id: string) => (await hub.getCounters([counterKey(id, 'arrivals')]))[0] ?? 0;
  const settings = (room: CapacityRoom) => ({ capacity: room.capacity, abandonMs, paused: room.paused });
  const state = (l: CapacityLedger, result: number): CapacityState => ({
    result,
    called: l.called,
    freed: l.freed,
    live: l.live.size,
    pending: inside(l) - l.live.size,
    back: l.back.size,
  });
  return {
    async settle(room, now) {
      const n = await arrivals(room.id);
      const l = ledger(room.id);
      settle(l, now, n, settings(room));
      return state(l, 0);
    },
    async claim(room, ticket, place, now, until) {
      const n = await arrivals(room.id);
      const l = ledger(room.id);
      return state(l, STEP[claim(l, ticket, place, now, n, settings(room), until)]);
    },
    async touch(room, ticket, now, until) {
      const l = ledger(room.id);
      return state(l, STEP[touch(l, ticket, now, until, settings(room))]);
    },
    async release(room, ticket, now) {
      const n = await arrivals(room.id);
      const l = ledger(room.id);
      return state(l, release(l, ticket, now, n, settings(room)) ? 1 : 0);
    },
    forget: (id) => void ledgers.delete(id),
  };
}
