/**
 * The conversation state machine of the unit inbox. A conversation moves only
 * through these guarded transitions; anything else is refused with a message
 * staff understand.
 *
 *   new ──assign──▶ assigned ──staff_reply──▶ waiting_for_patient
 *    │  ◀─unassign─    ▲  ◀────patient_reply────────┘
 *    │                 │
 *    ├─staff_reply──▶ waiting_for_patient (an unassigned answer: nobody owns it yet)
 *    └─close─▶ closed ◀─close─ (from every open state)
 *                 │
 *                 ├─reopen──▶ new / assigned (assigned when someone still owns it)
 *                 └─patient_reply (only when closed with "may reply") ──▶ new / assigned
 */

export type ConversationState = 'new' | 'assigned' | 'waiting_for_patient' | 'closed';
export type ConversationEvent = 'assign' | 'unassign' | 'staff_reply' | 'patient_reply' | 'close' | 'reopen';

export const CONVERSATION_STATES: readonly ConversationState[] = ['new', 'assigned', 'waiting_for_patient', 'closed'];

export const CONVERSATION_STATE_LABELS_SV: Readonly<Record<ConversationState, string>> = {
  new: 'ny',
  assigned: 'tilldelad',
  waiting_for_patient: 'väntar på patienten',
  closed: 'avslutad',
};

/** What the transition needs to know about the conversation beside its state. */
export interface ConversationFacts {
  status: ConversationState;
  /** Someone in the unit owns it. */
  assigned: boolean;
  /** Closed, but the patient may still answer (answering reopens it). */
  allowReplyWhenClosed: boolean;
}

export type TransitionResult =
  | { ok: true; status: ConversationState; assigned: boolean; allowReplyWhenClosed: boolean }
  | { ok: false; code: 'conversation_closed' | 'not_assigned' | 'already_open' | 'already_closed'; message: string };

const open = (assigned: boolean): ConversationState => (assigned ? 'assigned' : 'new');

/**
 * The state after `event`. `assign` (re)assigns and `unassign` releases; a
 * staff answer leaves the conversation waiting for the patient; a patient
 * message brings it back to the unit (to its owner when it has one).
 */
export function conversationTransition(facts: ConversationFacts, event: ConversationEvent): TransitionResult {
  const { status, assigned, allowReplyWhenClosed } = facts;
  const ok = (next: ConversationState, nextAssigned = assigned, allowReply = false): TransitionResult => ({
    ok: true,
    status: next,
    assigned: nextAssigned,
    allowReplyWhenClosed: allowReply,
  });
  const closed = status === 'closed';
  switch (event) {
    case 'assign':
      if (closed) return refuse('conversation_closed', 'Konversationen är avslutad. Öppna den igen först.');
      return ok(status === 'new' ? 'assigned' : status, true);
    case 'unassign':
      if (closed) return refuse('conversation_closed', 'Konversationen är avslutad. Öppna den igen först.');
      if (!assigned) return refuse('not_assigned', 'Konversationen är inte tilldelad någon.');
      return ok(status === 'assigned' ? 'new' : status, false);
    case 'staff_reply':
      if (closed) return refuse('conversation_closed', 'Konversationen är avslutad. Öppna den igen för att svara.');
      return ok('waiting_for_patient');
    case 'patient_reply':
      if (closed && !allowReplyWhenClosed) {
        return refuse('conversation_closed', 'Konversationen är avslutad och går inte att svara på.');
      }
      return ok(open(assigned));
    case 'close':
      if (closed) return refuse('already_closed', 'Konversationen är redan avslutad.');
      return ok('closed', assigned, allowReplyWhenClosed);
    case 'reopen':
      if (!closed) return refuse('already_open', 'Konversationen är redan öppen.');
      return ok(open(assigned));
  }
}

function refuse(code: Extract<TransitionResult, { ok: false }>['code'], message: string): TransitionResult {
  return { ok: false, code, message };
}
