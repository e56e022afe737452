import { describe, expect, test } from 'vitest';
import { type ConversationEvent, type ConversationState, conversationTransition } from './conversation-state.js';
import { patientMayReply, patientMayStart, staffMayReply, staffMayStart } from './policy.js';
import { cleanFilename, sniffContentType } from './sniff.js';
import { answerDueAt, isAnswerOverdue, isWorkingDay, nthWorkingDayAfter } from './working-days.js';

describe('conversation transitions', () => {
  const facts = (status: ConversationState, assigned = false, allowReplyWhenClosed = false) => ({
    status,
    assigned,
    allowReplyWhenClosed,
  });
  test.each<[ConversationState, boolean, boolean, ConversationEvent, ConversationState | string]>([
    ['new', false, false, 'assign', 'assigned'],
    ['assigned', true, false, 'assign', 'assigned'],
    ['waiting_for_patient', true, false, 'assign', 'waiting_for_patient'],
    ['closed', false, false, 'assign', 'conversation_closed'],
    ['assigned', true, false, 'unassign', 'new'],
    ['new', false, false, 'unassign', 'not_assigned'],
    ['new', false, false, 'staff_reply', 'waiting_for_patient'],
    ['assigned', true, false, 'staff_reply', 'waiting_for_patient'],
    ['closed', true, true, 'staff_reply', 'conversation_closed'],
    ['waiting_for_patient', true, false, 'patient_reply', 'assigned'],
    ['waiting_for_patient', false, false, 'patient_reply', 'new'],
    ['closed', false, false, 'patient_reply', 'conversation_closed'],
    ['closed', true, true, 'patient_reply', 'assigned'],
    ['new', false, false, 'close', 'closed'],
    ['closed', false, false, 'close', 'already_closed'],
    ['closed', true, false, 'reopen', 'assigned'],
    ['closed', false, true, 'reopen', 'new'],
    ['new', false, false, 'reopen', 'already_open'],
  ])('%s (assigned %s, may reply %s) + %s → %s', (status, assigned, allow, event, expected) => {
    const result = conversationTransition(facts(status, assigned, allow), event);
    expect(result.ok ? result.status : result.code).toBe(expected);
  });

  test('closing keeps the "may reply" choice and a reopened conversation forgets it', () => {
    const closed = conversationTransition(facts('assigned', true, true), 'close');
    expect(closed).toMatchObject({ ok: true, status: 'closed', allowReplyWhenClosed: true });
    const reopened = conversationTransition(facts('closed', true, true), 'reopen');
    expect(reopened).toMatchObject({ ok: true, allowReplyWhenClosed: false });
  });

  test('refusals carry a Swedish message', () => {
    const result = conversationTransition(facts('closed'), 'staff_reply');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/avslutad/);
  });
});

describe('who may write', () => {
  test('patients start only where the unit lets them', () => {
    expect(patientMayStart('start').ok).toBe(true);
    expect(patientMayStart('reply')).toMatchObject({ ok: false, code: 'unit_not_accepting' });
    expect(patientMayStart('none')).toMatchObject({ ok: false, code: 'unit_not_accepting' });
  });
  test('patients answer open conversations unless messaging is off', () => {
    expect(patientMayReply('reply', { status: 'waiting_for_patient', allowReplyWhenClosed: false }).ok).toBe(true);
    expect(patientMayReply('none', { status: 'new', allowReplyWhenClosed: false }).ok).toBe(false);
    expect(patientMayReply('start', { status: 'closed', allowReplyWhenClosed: false })).toMatchObject({
      code: 'reply_not_allowed',
    });
    expect(patientMayReply('start', { status: 'closed', allowReplyWhenClosed: true }).ok).toBe(true);
  });
  test('staff start unless messaging is off and answer open conversations', () => {
    expect(staffMayStart('reply').ok).toBe(true);
    expect(staffMayStart('none').ok).toBe(false);
    expect(staffMayReply({ status: 'closed' }).ok).toBe(false);
    expect(staffMayReply({ status: 'waiting_for_patient' }).ok).toBe(true);
  });
});

describe('working days', () => {
  test('weekends and Swedish holidays are not working days', () => {
    expect(isWorkingDay('2026-11-23')).toBe(true); // Monday
    expect(isWorkingDay('2026-11-22')).toBe(false); // Sunday
    expect(isWorkingDay('2026-12-24')).toBe(false); // julafton, Thursday
    expect(isWorkingDay('2026-06-19')).toBe(false); // midsommarafton
  });
  test('the N-th working day skips weekends and holidays', () => {
    expect(nthWorkingDayAfter('2026-11-20', 2)).toBe('2026-11-24'); // Fri → Tue
    expect(nthWorkingDayAfter('2026-12-23', 1)).toBe('2026-12-28'); // over christmas
    expect(nthWorkingDayAfter('2026-04-02', 1)).toBe('2026-04-07'); // skärtorsdag → after annandag påsk
    expect(() => nthWorkingDayAfter('2026-11-20', 0)).toThrow(RangeError);
  });
  test('an answer is due at Stockholm midnight after the last working day', () => {
    // Friday 20 Nov 2026 15:00 Stockholm (14:00 UTC), 2 working days → end of Tuesday 24 Nov.
    const due = answerDueAt(new Date('2026-11-20T14:00:00Z'), 2);
    expect(due.toISOString()).toBe('2026-11-24T23:00:00.000Z');
    // Across the switch to summer time (29 March 2026): Friday 27th + 1 → end of Monday 30th (CEST).
    expect(answerDueAt(new Date('2026-03-27T10:00:00Z'), 1).toISOString()).toBe('2026-03-30T22:00:00.000Z');
  });
  test('overdue once the due time has passed', () => {
    const arrived = new Date('2026-11-20T14:00:00Z');
    expect(isAnswerOverdue(arrived, 2, new Date('2026-11-24T22:59:59Z'))).toBe(false);
    expect(isAnswerOverdue(arrived, 2, new Date('2026-11-24T23:00:00Z'))).toBe(true);
  });
});

describe('content sniffing', () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  const text = (s: string) => new TextEncoder().encode(s);
  test('recognises JPEG, PNG, PDF and HEIC by their first bytes', () => {
    expect(sniffContentType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('image/jpeg');
    expect(sniffContentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
    expect(sniffContentType(text('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffContentType(new Uint8Array([0, 0, 0, 0x18, ...text('ftypheic'), 0, 0, 0, 0]))).toBe('image/heic');
    expect(
      sniffContentType(new Uint8Array([0, 0, 0, 0x1c, ...text('ftypmif2'), 0, 0, 0, 0, ...text('mif1heic')])),
    ).toBe('image/heic');
  });
  test('refuses text, HTML, other formats and too-short input', () => {
    expect(sniffContentType(text('hello.jpg'))).toBeNull();
    expect(sniffContentType(text('<html><script>'))).toBeNull();
    expect(sniffContentType(text('GIF89a'))).toBeNull();
    expect(sniffContentType(new Uint8Array([0, 0, 0, 0x18, ...text('ftypmp42'), 0, 0, 0, 0]))).toBeNull();
    expect(sniffContentType(bytes(0xff, 0xd8))).toBeNull();
    expect(sniffContentType(new Uint8Array())).toBeNull();
  });
  test('file names lose paths and control characters', () => {
    expect(cleanFilename('C:\\Users\\x\\utslag.jpg', 'bild')).toBe('utslag.jpg');
    expect(cleanFilename('../../etc/passwd', 'bild')).toBe('passwd');
    // Bidi controls would show "bild\u202Egpj.exe" as "bildexe.jpg" (issue 12).
    expect(cleanFilename('bild\u202Egpj.exe', 'bild')).toBe('bildgpj.exe');
    expect(cleanFilename('\u2066a\u200Fb\u2069.pdf', 'bild')).toBe('ab.pdf');
    expect(cleanFilename('a\u0000b"<c>.pdf', 'fil')).toBe('abc.pdf');
    expect(cleanFilename('', 'bild.jpg')).toBe('bild.jpg');
  });
});
