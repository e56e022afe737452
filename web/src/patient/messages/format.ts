/** Formatting for the message pages: times on the Stockholm clock, file sizes, waiting times. */

import { formatDateTime, todayInStockholm } from '../../ui/datetime.js';

function locale(language: string) {
  return language === 'en' ? 'en-GB' : 'sv-SE';
}

/** "12 mars kl. 14.05" (this year) or "12 mars 2025 kl. 14.05". */
export function formatMessageTime(iso: string, language: string, now = new Date()): string {
  const sameYear = todayInStockholm(new Date(iso)).slice(0, 4) === todayInStockholm(now).slice(0, 4);
  return formatDateTime(iso, language, { year: !sameYear });
}

/** "120 kB", "2,4 MB". */
export function formatBytes(bytes: number, language = 'sv'): string {
  const number = new Intl.NumberFormat(locale(language), { maximumFractionDigits: 1 });
  if (bytes < 1024 * 1024) return `${number.format(Math.max(1, Math.round(bytes / 1024)))} kB`;
  return `${number.format(bytes / (1024 * 1024))} MB`;
}

/** Whole hours and days since `iso` (for "väntar sedan …"). */
export function elapsed(iso: string, now = Date.now()): { days: number; hours: number; minutes: number } {
  const ms = Math.max(0, now - new Date(iso).getTime());
  const minutes = Math.floor(ms / 60_000);
  return { days: Math.floor(minutes / (24 * 60)), hours: Math.floor(minutes / 60), minutes };
}
