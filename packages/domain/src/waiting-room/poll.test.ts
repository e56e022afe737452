import { describe, expect, it } from 'vitest';
import {
  POLL_SECONDS_FRONT,
  POLL_SECONDS_MAX,
  POLL_SECONDS_MIN,
  pollSeconds,
  RELEASE_ASKS_PER_SECOND,
  RELEASE_SPREAD_MAX_SECONDS,
  type RoomClock,
  releaseSpreadSeconds,
  servingNumber,
  standing,
} from './queue.js';

describe('pollSeconds: far back asks seldom, near the front often', () => {
  const waiting = (etaSeconds: number | null, paused = false) => ({ phase: 'waiting', etaSeconds, paused });

  it('half the estimated wait, within the bounds', () => {
    expect(pollSeconds(waiting(2))).toBe(POLL_SECONDS_FRONT);
    expect(pollSeconds(waiting(8))).toBe(4);
    expect(pollSeconds(waiting(60))).toBe(30);
    expect(pollSeconds(waiting(3600))).toBe(POLL_SECONDS_MAX);
  });

  it('about log2(wait) polls for a wait that goes as estimated', () => {
    let eta = 300;
    let polls = 0;
    while (eta > 0) {
      eta -= pollSeconds(waiting(eta));
      polls++;
    }
    // 60 s steps far back, then halving down to the 2 s interval: a handful, not 60 (5 s each).
    expect(polls).toBeLessThanOrEqual(12);
    expect(polls).toBeGreaterThanOrEqual(Math.floor(Math.log2(300 / POLL_SECONDS_FRONT)));
  });

  it('before the release: half the time left, the short interval as it nears', () => {
    const now = new Date('2026-12-07T10:00:00Z');
    const prequeue = (minutes: number) => ({
      phase: 'prequeue',
      etaSeconds: null,
      paused: false,
      releaseAt: new Date(now.getTime() + minutes * 60_000).toISOString(),
    });
    expect(pollSeconds(prequeue(15), now)).toBe(POLL_SECONDS_MAX);
    expect(pollSeconds(prequeue(1), now)).toBe(30);
    // Under ten seconds left: just after the moment (a small prequeue has no spread).
    expect(pollSeconds(prequeue(8 / 60), now)).toBe(8);
    expect(pollSeconds(prequeue(0.5 / 60), now)).toBe(POLL_SECONDS_FRONT);
    // Past it (the draw comes with the server's next second): shortly.
    expect(pollSeconds(prequeue(-1), now)).toBe(POLL_SECONDS_FRONT);
    // Without a clock the short interval (never a long one by mistake).
    expect(pollSeconds(prequeue(15))).toBe(POLL_SECONDS_MIN);
  });

  it('a capacity room: the front interval within one capacity of the front, whatever the estimate', () => {
    const w = (ahead: number, etaSeconds = 7200) => ({ phase: 'waiting', etaSeconds, paused: false, ahead });
    const unpaced = { capacity: 1000, paced: false };
    const paced = { capacity: 1000, paced: true };
    expect(pollSeconds(w(0), undefined, unpaced)).toBe(POLL_SECONDS_FRONT);
    expect(pollSeconds(w(999), undefined, unpaced)).toBe(POLL_SECONDS_FRONT);
    // A slow observed pace (late askers slow it) must not push the next in line to a minute.
    expect(pollSeconds(w(999, 600), undefined, paced)).toBe(POLL_SECONDS_FRONT);
    expect(pollSeconds(w(1000), undefined, unpaced)).toBe(POLL_SECONDS_MIN);
    // Before the pace is seen: not half the bound (an hour), which would leave called places idle, nor
    // a flat 5 s for everyone (a storm): half the earliest call, a turn taking at least FASTEST_TURN_SECONDS.
    expect(pollSeconds(w(5000), undefined, unpaced)).toBe(8);
    expect(pollSeconds(w(50_000), undefined, unpaced)).toBe(POLL_SECONDS_MAX);
    // Once seen, further back a quarter of the estimate (the observed pace lags a speed-up), 5–60 s.
    expect(pollSeconds(w(50_000, 80), undefined, paced)).toBe(20);
    expect(pollSeconds(w(50_000, 600), undefined, paced)).toBe(POLL_SECONDS_MAX);
    expect(pollSeconds(w(50_000, 8), undefined, paced)).toBe(POLL_SECONDS_MIN);
    expect(pollSeconds({ ...w(10), paused: true }, undefined, unpaced)).toBe(POLL_SECONDS_MIN);
  });

  it('a capacity room: the interval grows with the distance from the front, to a minute far back, the front unchanged', () => {
    const capacity = 1000;
    // A pace of 10 places a second: the estimate grows with the places ahead.
    const at = (ahead: number, paced: boolean) =>
      pollSeconds({ phase: 'waiting', etaSeconds: ahead / 10, paused: false, ahead }, undefined, { capacity, paced });
    for (const paced of [false, true]) {
      const curve = [0, 500, 999, 1000, 2000, 5000, 10_000, 20_000, 50_000, 150_000].map((ahead) => at(ahead, paced));
      for (let i = 1; i < curve.length; i++) expect(curve[i]).toBeGreaterThanOrEqual(curve[i - 1] as number);
      expect(Math.max(...curve)).toBe(POLL_SECONDS_MAX);
      expect(curve.slice(0, 3)).toEqual([POLL_SECONDS_FRONT, POLL_SECONDS_FRONT, POLL_SECONDS_FRONT]);
      expect(curve[3]).toBeGreaterThanOrEqual(POLL_SECONDS_MIN);
    }
    // Paced: a minute only once the estimate is four minutes or more (a quarter of it).
    expect(at(2000, true)).toBe(50);
    expect(at(2400, true)).toBe(POLL_SECONDS_MAX);
  });

  it("a large prequeue's first asks after the release are spread by arrival, about 2 000 a second", () => {
    const now = new Date('2026-12-07T10:00:00Z');
    const releaseAt = new Date(now.getTime() + 6_000).toISOString();
    expect(releaseSpreadSeconds(1_500)).toBe(0);
    expect(releaseSpreadSeconds(150_000)).toBe(RELEASE_SPREAD_MAX_SECONDS);
    const spread = releaseSpreadSeconds(30_000);
    expect(spread).toBe(15);
    const perSecond = new Map<number, number>();
    for (let arrival = 1; arrival <= 30_000; arrival++) {
      const s = pollSeconds(
        { phase: 'prequeue', etaSeconds: null, paused: false, releaseAt, arrival },
        now,
        undefined,
        spread,
      );
      expect(s).toBeGreaterThanOrEqual(6);
      expect(s).toBeLessThanOrEqual(6 + spread);
      perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
    }
    expect(perSecond.size).toBe(spread + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(RELEASE_ASKS_PER_SECOND);
  });

  it('the short interval when the news may come at any moment', () => {
    expect(pollSeconds(waiting(3600, true))).toBe(POLL_SECONDS_MIN);
    expect(pollSeconds(waiting(null))).toBe(POLL_SECONDS_MIN);
    expect(pollSeconds({ phase: 'admitted', etaSeconds: 0, paused: false })).toBe(POLL_SECONDS_MIN);
  });

  it('never longer for someone nearer the front', () => {
    let last = 0;
    for (let eta = 0; eta <= 4000; eta += 7) {
      const s = pollSeconds(waiting(eta));
      expect(s).toBeGreaterThanOrEqual(last);
      last = s;
    }
  });

  describe('a rate room with a fixed rate: ask when due', () => {
    const release = new Date('2026-12-07T10:00:00Z');
    const room = (perMinute: number): RoomClock => ({
      admission: 'rate',
      ratePerMinute: perMinute,
      capacity: 0,
      admittedValidSeconds: 600,
      releaseAt: release,
      baseServing: 0,
      baseAt: release,
      pausedAt: null,
    });
    const status = (place: number, r: RoomClock, at: Date) => {
      const serving = servingNumber(r, at);
      const s = standing({ place, serving, servingAtJoin: 0, perMinute: r.ratePerMinute, paused: false });
      return { phase: s.admitted ? 'admitted' : 'waiting', etaSeconds: s.etaSeconds, paused: false };
    };

    it('the estimate itself, within the bounds (half of it when the rate may change)', () => {
      const w = (eta: number) => ({ phase: 'waiting', etaSeconds: eta, paused: false });
      expect(pollSeconds(w(30), undefined, undefined, 0, true)).toBe(30);
      expect(pollSeconds(w(30))).toBe(15);
      expect(pollSeconds(w(1), undefined, undefined, 0, true)).toBe(POLL_SECONDS_FRONT);
      expect(pollSeconds(w(3600), undefined, undefined, 0, true)).toBe(POLL_SECONDS_MAX);
    });

    it('whoever asks at the interval given is admitted by then, in ⌈wait / 60⌉ + 1 asks or fewer', () => {
      for (const perMinute of [60, 997, 60_000]) {
        const r = room(perMinute);
        for (const place of [1, 2, 999, 1000, 1001, 54_321, 150_000]) {
          // First ask at a ragged moment after the release.
          let at = new Date(release.getTime() + 1234);
          let asks = 1;
          let s = status(place, r, at);
          const wait = s.etaSeconds ?? 0;
          while (s.phase !== 'admitted') {
            at = new Date(at.getTime() + pollSeconds(s, at, undefined, 0, true) * 1000);
            s = status(place, r, at);
            asks++;
          }
          expect(asks).toBeLessThanOrEqual(Math.ceil(wait / POLL_SECONDS_MAX) + 1);
          // Never asked before it could be due, except the front's short interval.
          const dueAt = release.getTime() + Math.ceil((place * 60_000) / perMinute);
          expect(at.getTime()).toBeLessThan(dueAt + POLL_SECONDS_MAX * 1000);
        }
      }
    });
  });
});
