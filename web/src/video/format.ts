import { formatDateTime } from '../ui/datetime.js';

/** Meeting times in Stockholm time, whatever the device's zone ("tisdag 3 mars kl. 09.40"). */
export function formatMeetingTime(iso: string, language: string): string {
  return formatDateTime(iso, language, { weekday: true, year: false });
}
