/**
 * Who may write: the unit's setting decides whether patients may start a
 * conversation ('start'), only answer one the unit started ('reply') or not
 * write at all ('none'); a closed conversation takes a patient's answer only
 * when it was closed with "may reply". Staff may always answer an open
 * conversation of their unit, and start one unless messaging is off.
 */
import type { ConversationState } from './conversation-state.js';

export type PatientMessagingMode = 'start' | 'reply' | 'none';

export type MessagingDecision =
  | { ok: true }
  | { ok: false; code: 'unit_not_accepting' | 'reply_not_allowed' | 'conversation_closed'; message: string };

const ALLOW: MessagingDecision = { ok: true };

/** May a patient (or someone acting for them) start a new conversation with the unit? */
export function patientMayStart(mode: PatientMessagingMode): MessagingDecision {
  if (mode === 'start') return ALLOW;
  return {
    ok: false,
    code: 'unit_not_accepting',
    message:
      mode === 'reply'
        ? 'Mottagningen tar inte emot nya meddelanden här. Du kan svara när mottagningen skriver till dig.'
        : 'Mottagningen tar inte emot meddelanden i Ingång. Kontakta mottagningen på annat sätt.',
  };
}

/** May a patient answer in this conversation? */
export function patientMayReply(
  mode: PatientMessagingMode,
  conversation: { status: ConversationState; allowReplyWhenClosed: boolean },
): MessagingDecision {
  if (mode === 'none') {
    return {
      ok: false,
      code: 'unit_not_accepting',
      message: 'Mottagningen tar inte emot meddelanden i Ingång just nu. Kontakta mottagningen på annat sätt.',
    };
  }
  if (conversation.status === 'closed' && !conversation.allowReplyWhenClosed) {
    return { ok: false, code: 'reply_not_allowed', message: 'Konversationen är avslutad och går inte att svara på.' };
  }
  return ALLOW;
}

/** May staff start a conversation with a patient of the unit? */
export function staffMayStart(mode: PatientMessagingMode): MessagingDecision {
  if (mode !== 'none') return ALLOW;
  return {
    ok: false,
    code: 'unit_not_accepting',
    message: 'Meddelanden är avstängda för mottagningen. En administratör kan slå på dem i inställningarna.',
  };
}

/** May staff answer (a message to the patient; internal notes are always allowed)? */
export function staffMayReply(conversation: { status: ConversationState }): MessagingDecision {
  if (conversation.status !== 'closed') return ALLOW;
  return {
    ok: false,
    code: 'conversation_closed',
    message: 'Konversationen är avslutad. Öppna den igen för att svara.',
  };
}
