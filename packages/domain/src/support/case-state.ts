/**
 * The support case state machine. A case moves only through these guarded
 * transitions; anything else is refused with a message an agent understands.
 *
 *   new ──take──▶ open ──agent_reply──▶ waiting ──citizen_reply──▶ open
 *    │             │  ◀───────take (another agent)
 *    ├─agent_reply─┘ (an answer from the queue takes the case)
 *    ├──────escalate──▶ escalated ──agent_reply (second line)──▶ waiting
 *    └─close─▶ closed ◀─close─ (from every open state)
 *   closed ──citizen_reply──▶ new      any open state ──merge──▶ merged (final)
 */

export type SupportCaseStatus = 'new' | 'open' | 'waiting' | 'escalated' | 'closed' | 'merged';
export type SupportCaseEvent = 'take' | 'agent_reply' | 'citizen_reply' | 'escalate' | 'close' | 'merge';
export type SupportLine = 'first_line' | 'second_line';

export const SUPPORT_CASE_STATUSES: readonly SupportCaseStatus[] = [
  'new',
  'open',
  'waiting',
  'escalated',
  'closed',
  'merged',
];

export class SupportTransitionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SupportTransitionError';
  }
}

const OPEN: readonly SupportCaseStatus[] = ['new', 'open', 'waiting', 'escalated'];

/** True for a case that still needs the desk (not closed or merged). */
export function isOpenCase(status: SupportCaseStatus): boolean {
  return OPEN.includes(status);
}

/**
 * The status after `event` by an agent on `line` (null for the citizen/system),
 * or a SupportTransitionError. An escalated case is second line's: first line
 * may not answer or take it.
 */
export function nextCaseStatus(
  status: SupportCaseStatus,
  event: SupportCaseEvent,
  line: SupportLine | null,
): SupportCaseStatus {
  const refuse = (code: string, message: string): never => {
    throw new SupportTransitionError(code, message);
  };
  if (status === 'merged') refuse('case_merged', 'Ärendet är sammanslaget med ett annat ärende.');
  switch (event) {
    case 'take':
      if (!isOpenCase(status)) refuse('case_closed', 'Ärendet är avslutat.');
      if (status === 'escalated' && line !== 'second_line')
        refuse('case_escalated', 'Ärendet är eskalerat till andra linjen.');
      return status === 'escalated' ? 'escalated' : 'open';
    case 'agent_reply':
      if (!isOpenCase(status)) refuse('case_closed', 'Ärendet är avslutat; det kan inte besvaras.');
      if (status === 'escalated' && line !== 'second_line')
        refuse('case_escalated', 'Ärendet är eskalerat; andra linjen svarar.');
      return 'waiting';
    case 'citizen_reply':
      if (status === 'closed') return 'new';
      return status === 'escalated' ? 'escalated' : status === 'new' ? 'new' : 'open';
    case 'escalate':
      if (!isOpenCase(status)) refuse('case_closed', 'Ärendet är avslutat.');
      if (status === 'escalated') refuse('already_escalated', 'Ärendet är redan eskalerat.');
      if (line !== 'first_line') refuse('not_first_line', 'Bara första linjen eskalerar.');
      return 'escalated';
    case 'close':
      if (!isOpenCase(status)) refuse('case_closed', 'Ärendet är redan avslutat.');
      return 'closed';
    case 'merge':
      if (!isOpenCase(status)) refuse('case_closed', 'Ett avslutat ärende kan inte slås samman.');
      return 'merged';
  }
}
