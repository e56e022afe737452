/** What the support module's services share: their dependencies and the agent actor. */
import type { OpeningCalendar } from '@ingang/domain';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { StaffActor } from '../../platform/auth.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/index.js';
import { forbidden } from '../../platform/errors.js';
import type { Mailer } from '../../platform/mail.js';
import type { RateLimiter } from '../../platform/rate-limit.js';
import type { BookingSupportFace } from '../booking/index.js';
import type { CaseEvents } from './live.js';

export interface SupportDeps {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  log: FastifyBaseLogger;
  rateLimiter: RateLimiter;
  config: Config['support'] & { publicUrl: string; defaultFrom: string };
  calendar: OpeningCalendar;
  /** The booking module's face for support (list and cancel a citizen's own bookings). */
  bookings: BookingSupportFace;
  /** Tells open sockets (on every instance) that a case has new entries; call after commit. */
  events: CaseEvents;
}

/** A staff member with the support role, and their line. */
export type Agent = StaffActor & { supportRole: 'first_line' | 'second_line' };

/** The actor as a support agent, or 403 for staff without the support role. */
export function asAgent(actor: StaffActor): Agent {
  if (!actor.supportRole) throw forbidden('support_only', 'Only citizen support staff can do this.');
  return actor as Agent;
}

/** The actor as a second-line agent, or 403. */
export function asSecondLine(actor: StaffActor): Agent {
  const agent = asAgent(actor);
  if (agent.supportRole !== 'second_line') throw forbidden('second_line_only', 'Only second line can do this.');
  return agent;
}

/** The bare address in "Name <address>" (lower-cased). */
export function bareAddress(from: string): string {
  return (/<([^>]+)>/.exec(from)?.[1] ?? from).trim().toLowerCase();
}
