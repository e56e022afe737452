/**
 * Standard answers: typing `::word` in the answer box looks up an answer by
 * its shortcut; `{name}`-style placeholders are filled from the case. An
 * unknown placeholder is left visible so the agent sees it before sending.
 */

/** The `::word` being typed just before `cursor`, or null. */
export function shortcutAt(text: string, cursor: number): { word: string; start: number } | null {
  const before = text.slice(0, cursor);
  const m = /(?:^|\s)::([\p{L}\p{N}_-]*)$/u.exec(before);
  if (!m) return null;
  const word = m[1] ?? '';
  return { word: word.toLowerCase(), start: cursor - word.length - 2 };
}

/** `template` with `{key}` placeholders replaced from `values`. */
export function fillPlaceholders(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** Replaces the `::word` at `start` with `insert`; returns the new text and the cursor after it. */
export function insertStandardAnswer(text: string, start: number, cursor: number, insert: string) {
  return { text: text.slice(0, start) + insert + text.slice(cursor), cursor: start + insert.length };
}

/** True when a shortcut is a valid key: 2–30 lower-case letters, digits, - or _. */
export function isValidShortcut(s: string): boolean {
  return /^[\p{Ll}\p{N}_-]{2,30}$/u.test(s);
}
