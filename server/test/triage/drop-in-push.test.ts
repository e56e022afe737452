/**
 * "It is your turn" by web push (issue 18): when a nurse takes a patient from
 * the drop-in queue, exactly one push job is queued — with the meeting, in the
 * same transaction, through messaging's face — to the person who joined (a
 * guardian for a child). The job and the push itself carry no personal data:
 * the push (decrypted here as the browser would) is only the notice's kind,
 * the page to open and the language the person chose in the app (the service
 * worker's text for that kind and language is shown). A failed meeting queues nothing; a patient called again
 * after a no-show gets one more (one per turn); concurrent takes, one per patient.
 */
import { createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTriageModule, type TriageModule } from '../../src/modules/triage/index.js';
import type { StaffActor } from '../../src/platform/auth.js';
import { demoPerson } from '../../src/seed/demo-data.js';
import { seedWaiting } from './drop-in-fixtures.js';
import {
  answerAll,
  CHILD_FEVER,
  type Headers,
  type Json,
  NOW,
  S,
  startWorld,
  type TriageWorld,
  U,
} from './fixtures.js';

let w: TriageWorld;
let other: TriageModule;
let pushServer: http.Server;
let pushUrl: string;
const received: Buffer[] = [];
/** Anna's push subscription keys (made in the first test, reused by the language test). */
let annaKeys: { ecdh: ReturnType<typeof createECDH>; auth: Buffer } | undefined;
const JOB = 'messaging.push-notice';

beforeAll(async () => {
  w = await startWorld();
  // A second instance whose video cannot start meetings: its take fails after the claim.
  other = createTriageModule({
    ...w.t.ctx,
    video: { startPatientMeeting: () => Promise.reject(new Error('video down')) },
    messaging: {
      startPatientConversation: () => Promise.reject(new Error('not used')),
      pushNotice: () => Promise.reject(new Error('must not be called without a meeting')),
      startStaffConversation: () => Promise.reject(new Error('chat down')),
    },
  });
  pushServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push(Buffer.concat(chunks));
      res.statusCode = 201;
      res.end();
    });
  });
  await new Promise<void>((resolve) => pushServer.listen(0, '127.0.0.1', resolve));
  pushUrl = `http://127.0.0.1:${(pushServer.address() as AddressInfo).port}`;
  w.t.ctx.config.messaging.pushAllowedOrigins.push(pushUrl);
}, 180_000);
afterAll(async () => {
  await other?.close?.();
  await w.t.close();
  await new Promise((r) => pushServer.close(r));
});
afterEach(async () => {
  w.clock.set(NOW);
  for (const [staffId, unitId] of [
    [S.bvcNurse, U.bvcSolberga],
    [S.nurseSolberga, U.vcSolberga],
  ] as const) {
    await inject('POST', '/api/staff/drop-in/close', await w.staff(staffId, unitId));
  }
});

const inject = (method: 'GET' | 'POST', url: string, headers?: Headers, payload?: object) =>
  w.t.app.inject({ method, url, headers, ...(payload ? { payload } : method === 'POST' ? { payload: {} } : {}) });

async function open(headers: Headers, answerMinutes = 3): Promise<Json> {
  const closesAt = new Date(new Date(NOW).getTime() + 6 * 3600_000).toISOString();
  const res = await inject('POST', '/api/staff/drop-in/open', headers, { closesAt, answerMinutes });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data.queue;
}

const pushJobs = async () =>
  (
    await w.t.ctx.db
      .selectFrom('jobs')
      .select(['payload', 'done_at', 'last_error'])
      .where('kind', '=', JOB)
      .orderBy('created_at')
      .execute()
  ).map((j) => ({
    ...(j.payload as { personId: string; kind: string; path: string }),
    done: j.done_at !== null,
    error: j.last_error,
  }));

/** RFC 8291 (aes128gcm) decryption, as the browser does it with its subscription keys. */
function decryptPush(body: Buffer, receiver: ReturnType<typeof createECDH>, auth: Buffer): string {
  const salt = body.subarray(0, 16);
  const idLength = body.readUInt8(20);
  const senderKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const secret = receiver.computeSecret(senderKey);
  const info = Buffer.concat([Buffer.from('WebPush: info\0'), receiver.getPublicKey(), senderKey]);
  const ikm = Buffer.from(hkdfSync('sha256', secret, auth, info, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const plain = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  // The last record ends with the 0x02 delimiter, then zero padding.
  return plain.subarray(0, plain.lastIndexOf(2)).toString('utf8');
}

describe('drop-in: a push when it is your turn', () => {
  it('one push job per turn, to the guardian who joined, with no personal data; sent to her device', async () => {
    const anna = await w.citizen('anna');
    const bodil = await w.staff(S.bvcNurse, U.bvcSolberga);
    await w.t.ctx.db.updateTable('persons').set({ notify_push: true }).where('id', '=', w.ids.anna!).execute();
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    annaKeys = { ecdh, auth };
    const sub = await inject('POST', '/api/messaging/push/subscriptions', anna, {
      endpoint: `${pushUrl}/push/anna`,
      keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
    });
    expect(sub.statusCode, sub.body).toBe(204);

    const started = await inject('POST', '/api/triage/sessions', anna, { subjectId: w.ids.elsa });
    const sessionId = started.json().data.id as string;
    await answerAll(w, anna, '/api/triage', sessionId, CHILD_FEVER);
    expect((await inject('POST', `/api/triage/sessions/${sessionId}/submit`, anna)).statusCode).toBe(200);
    await open(bodil);
    expect((await inject('POST', `/api/triage/sessions/${sessionId}/drop-in`, anna)).statusCode).toBe(200);
    // Waiting is not a turn: nothing queued on joining.
    expect(await pushJobs()).toEqual([]);

    const taken = await inject('POST', '/api/staff/drop-in/take', bodil);
    expect(taken.statusCode, taken.body).toBe(200);
    const jobs = await pushJobs();
    expect(jobs).toEqual([
      { personId: w.ids.anna, kind: 'drop_in_turn', path: `/sok-vard/${sessionId}`, done: false, error: null },
    ]);
    // The job row holds ids only: no name, personal number, unit or urgency.
    const raw = JSON.stringify(jobs[0]);
    for (const secret of [
      'Elsa',
      'Anna',
      'Lindqvist',
      demoPerson('elsa').personalNumber,
      demoPerson('anna').personalNumber,
      'BVC',
      'Solberga',
      'same_day',
      w.ids.elsa!,
    ])
      expect(raw).not.toContain(secret);

    await w.t.ctx.jobs.runDueJobs();
    expect((await pushJobs())[0]).toMatchObject({ done: true, error: null });
    expect(received).toHaveLength(1);
    const payload = JSON.parse(decryptPush(received[0]!, ecdh, auth));
    // Kind, page and language only (Anna has not chosen a language: Swedish, the default).
    expect(payload).toEqual({ kind: 'drop_in_turn', url: `/sok-vard/${sessionId}`, lang: 'sv' });
    const audit = await w.t.ctx.db
      .selectFrom('audit_log')
      .select(['record_type', 'purpose'])
      .where('subject_person_id', '=', w.ids.anna!)
      .where('action', '=', 'notify')
      .execute();
    expect(audit).toEqual([{ record_type: 'push_notice', purpose: 'notification' }]);

    // Running the jobs again sends nothing more.
    await w.t.ctx.jobs.runDueJobs();
    expect(received).toHaveLength(1);
  });

  it('no job when the meeting cannot be made; one more when a no-show is called again', async () => {
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const queue = await open(nadia, 2);
    const [first] = await seedWaiting(w.t.ctx.db, {
      queueId: queue.id,
      unitId: U.vcSolberga,
      count: 1,
      at: new Date(NOW),
    });
    if (!first) throw new Error('seed');
    const mine = async () => (await pushJobs()).filter((j) => j.personId === first.personId);

    // The other instance's video is down: the patient goes back, nothing is pushed.
    const actor = {
      kind: 'staff',
      staffId: S.nurseSolberga,
      activeUnitId: U.vcSolberga,
      regionAdmin: false,
      supportRole: null,
      units: [{ unitId: U.vcSolberga, roles: ['clinician'] }],
    } as unknown as StaffActor;
    await expect(other.dropIn.take(actor)).rejects.toThrow('video down');
    expect(await mine()).toEqual([]);

    // Called: one job. Not answered in time → back once → called again: a second job.
    expect((await inject('POST', '/api/staff/drop-in/take', nadia)).json().data.entryId).toBe(first.entryId);
    expect(await mine()).toHaveLength(1);
    w.clock.advance(2 * 60_000);
    expect(await other.dropIn.sweep()).toMatchObject({ requeued: 1 });
    expect(await mine()).toHaveLength(1);
    expect((await inject('POST', '/api/staff/drop-in/take', nadia)).json().data.entryId).toBe(first.entryId);
    expect(await mine()).toHaveLength(2);
  });

  it('concurrent takes: one job per patient taken, none for the losers', async () => {
    const nadia = await w.staff(S.nurseSolberga, U.vcSolberga);
    const dan = await w.staff(S.doctor, U.vcSolberga);
    const queue = await open(nadia);
    const seeded = await seedWaiting(w.t.ctx.db, {
      queueId: queue.id,
      unitId: U.vcSolberga,
      count: 3,
      at: new Date(NOW),
    });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => inject('POST', '/api/staff/drop-in/take', i % 2 ? dan : nadia)),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(3);
    const ids = seeded.map((s) => s.personId);
    const jobs = (await pushJobs()).filter((j) => ids.includes(j.personId));
    expect(jobs.map((j) => j.personId).sort()).toEqual([...ids].sort());
  });

  it("the push is in the language the person chose with the app's switch (stored, validated, audited)", async () => {
    const anna = await w.citizen('anna');
    const bodil = await w.staff(S.bvcNurse, U.bvcSolberga);
    const locale = async () =>
      (await w.t.ctx.db.selectFrom('persons').select('locale').where('id', '=', w.ids.anna!).executeTakeFirstOrThrow())
        .locale;
    const profileAudits = async () =>
      (
        await w.t.ctx.db
          .selectFrom('audit_log')
          .select('action')
          .where('subject_person_id', '=', w.ids.anna!)
          .where('record_type', '=', 'profile')
          .where('action', '=', 'update')
          .execute()
      ).length;

    // What the language switch sends for a logged-in citizen. Anything but sv/en is refused.
    const before = await profileAudits();
    const bad = await w.t.app.inject({
      method: 'PATCH',
      url: '/api/profile',
      headers: anna,
      payload: { locale: 'de' },
    });
    expect(bad.statusCode).toBe(400);
    expect(await locale()).toBe('sv');
    expect((await w.t.app.inject({ method: 'PATCH', url: '/api/profile', payload: { locale: 'en' } })).statusCode).toBe(
      401,
    );
    const chosen = await w.t.app.inject({
      method: 'PATCH',
      url: '/api/profile',
      headers: anna,
      payload: { locale: 'en' },
    });
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(await locale()).toBe('en');
    expect(await profileAudits()).toBe(before + 1);

    // Her next turn (push subscription from the first test) is announced in English.
    const started = await inject('POST', '/api/triage/sessions', anna, { subjectId: w.ids.elsa });
    const sessionId = started.json().data.id as string;
    await answerAll(w, anna, '/api/triage', sessionId, CHILD_FEVER);
    expect((await inject('POST', `/api/triage/sessions/${sessionId}/submit`, anna)).statusCode).toBe(200);
    await open(bodil);
    expect((await inject('POST', `/api/triage/sessions/${sessionId}/drop-in`, anna)).statusCode).toBe(200);
    expect((await inject('POST', '/api/staff/drop-in/take', bodil)).statusCode).toBe(200);
    const sent = received.length;
    await w.t.ctx.jobs.runDueJobs();
    expect(received).toHaveLength(sent + 1);
    const last = received.at(-1)!;
    expect(JSON.parse(decryptPush(last, annaKeys!.ecdh, annaKeys!.auth))).toEqual({
      kind: 'drop_in_turn',
      url: `/sok-vard/${sessionId}`,
      lang: 'en',
    });
  });
});
