/**
 * Rules for mail into the support desk: when an incoming message may get an
 * automatic or agent answer (never to auto-replies, bulk mail, ourselves or
 * anyone over the hourly cap — RFC 3834), the case tag in the subject, and
 * the Message-ID threading of answers.
 */

/** The case tag in subjects, e.g. "[Ärende S-4F2A9C]". */
const TAG = /\[(?:Ärende|Case)\s+(S-[0-9A-F]{6})\]/i;

/** The short public reference of a case id (first 6 hex digits, upper case). */
export function caseReference(caseId: string): string {
  return `S-${caseId.replace(/-/g, '').slice(0, 6).toUpperCase()}`;
}

/** The subject of an answer: "Re: …" with the case tag, added once. */
export function replySubject(subject: string, reference: string): string {
  const base = subject.trim() || 'Ditt ärende';
  const withRe = /^(re|sv):/i.test(base) ? base : `Re: ${base}`;
  return TAG.test(withRe) ? withRe : `${withRe} [Ärende ${reference}]`;
}

/** The case reference found in a subject, or null. */
export function referenceFromSubject(subject: string): string | null {
  return TAG.exec(subject)?.[1]?.toUpperCase() ?? null;
}

/** Message-IDs in an In-Reply-To/References header value, in order. */
export function messageIdsIn(header: string | string[] | undefined): string[] {
  const values = Array.isArray(header) ? header : header ? [header] : [];
  return values.flatMap((v) => v.match(/<[^<>\s]+>/g) ?? []);
}

/** A References header for an answer: the thread so far plus the message answered (RFC 5322 §3.6.4). */
export function referencesFor(previous: readonly string[], inReplyTo: string | null): string[] {
  const all = inReplyTo ? [...previous, inReplyTo] : [...previous];
  return [...new Set(all)].slice(-20);
}

export interface InboundFacts {
  from: string;
  /** Lower-cased header names → values. */
  headers: Record<string, string | undefined>;
  /** Our own addresses (the support address, the no-reply sender). */
  ownAddresses: readonly string[];
  /** Staff agents' addresses: mail "from" them is not a citizen. */
  agentAddresses: readonly string[];
  /** Answers sent to this address in the last hour. */
  repliesLastHour: number;
  /** Max answers per address per hour. */
  hourlyCap: number;
}

export type InboundVerdict =
  | { kind: 'citizen'; mayAnswer: true }
  | { kind: 'citizen'; mayAnswer: false; reason: 'auto_submitted' | 'bulk' | 'reply_cap' }
  | { kind: 'refused'; reason: 'own_address' | 'agent_address' };

const norm = (a: string) => a.trim().toLowerCase();

/**
 * How to treat an incoming message. Mail from our own address is a loop and
 * is dropped; mail claiming to be an agent is refused (agents answer in the
 * tool, and a forged From must not post as staff). Auto-replies and bulk mail
 * become a case (nothing lost) but are never answered automatically.
 */
export function classifyInbound(f: InboundFacts): InboundVerdict {
  const from = norm(f.from);
  if (f.ownAddresses.some((a) => norm(a) === from)) return { kind: 'refused', reason: 'own_address' };
  if (f.agentAddresses.some((a) => norm(a) === from)) return { kind: 'refused', reason: 'agent_address' };
  const auto = f.headers['auto-submitted']?.trim().toLowerCase();
  if (auto && auto !== 'no') return { kind: 'citizen', mayAnswer: false, reason: 'auto_submitted' };
  const precedence = f.headers.precedence?.trim().toLowerCase();
  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'list' || f.headers['list-id'])
    return { kind: 'citizen', mayAnswer: false, reason: 'bulk' };
  if (f.headers['x-autoreply'] || f.headers['x-autorespond'])
    return { kind: 'citizen', mayAnswer: false, reason: 'auto_submitted' };
  if (f.repliesLastHour >= f.hourlyCap) return { kind: 'citizen', mayAnswer: false, reason: 'reply_cap' };
  return { kind: 'citizen', mayAnswer: true };
}
