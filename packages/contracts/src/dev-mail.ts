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
