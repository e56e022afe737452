/** The development mailbox (embedded SMTP server only; 404 otherwise). */
import * as z from './zod.js';

export const DevMailMessage = z.object({
  id: z.uuid(),
  receivedAt: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
});
export const DevMailResponse = z.object({ data: z.array(DevMailMessage) });

/** An SMS the development outbox caught (GET /api/dev/sms; only while SMS_URL is unset outside production). */
export const DevSms = z.object({
  id: z.uuid(),
  sentAt: z.string(),
  to: z.string(),
  from: z.string(),
  text: z.string(),
});
export type DevSms = z.infer<typeof DevSms>;
export const DevSmsResponse = z.object({ data: z.array(DevSms) });
