/**
 * Drafts of messages not yet sent, kept on this device so a lost connection, a
 * reload or a closed tab never loses what the person wrote. One draft per
 * logged-in person, per person written for (acting-for) and per place (a
 * conversation's answer box or the new-message form), under a key that names
 * all three — another user logging in on the same device never sees it. The
 * draft carries the send's `clientId`: a retry after reload reuses it, so a
 * message whose answer was lost is never stored twice. Removed when the send
 * succeeds, and every draft is forgotten at log out and when the session ends
 * (session/logout.ts), as the saved bookings are.
 */
import { useCallback, useEffect, useState } from 'react';
import { newClientId } from './messages-api.js';

const PREFIX = 'ingang.draft.';

export interface Draft {
  body: string;
  clientId: string;
  /** The new-message form's other fields (unit, topic, heading). */
  fields: Record<string, string>;
}

export function draftKey(personId: string, subjectId: string | null, place: string): string {
  return `${PREFIX}${personId}.${subjectId ?? 'self'}.${place}`;
}

export function readDraft(key: string): Draft | null {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<Draft>;
    if (typeof value.body !== 'string' || typeof value.clientId !== 'string') return null;
    return { body: value.body, clientId: value.clientId, fields: value.fields ?? {} };
  } catch {
    return null;
  }
}

function writeDraft(key: string, draft: Draft): void {
  try {
    const empty = draft.body === '' && Object.values(draft.fields).every((v) => v === '');
    if (empty) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(draft));
  } catch {
    // Storage refused (private mode, full): the draft then lives as long as the page.
  }
}

/** Forgets every draft on this device (log out, session ended). */
export function forgetDrafts(): void {
  try {
    const keys: string[] = [];
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      if (key?.startsWith(PREFIX)) keys.push(key);
    }
    for (const key of keys) localStorage.removeItem(key);
  } catch {
    // Nothing to forget.
  }
}

/**
 * The draft under `key` (null while the person is not known yet: nothing is
 * stored then). `clear()` after a successful send removes it and starts a new
 * clientId for the next message.
 */
export function useDraft(key: string | null) {
  const [draft, setDraft] = useState<Draft>(() => (key && readDraft(key)) || blank());
  const [loadedKey, setLoadedKey] = useState(key);

  // Another place or person (acting-for switched, the person became known): load its draft.
  if (key !== loadedKey) {
    setLoadedKey(key);
    setDraft((key && readDraft(key)) || blank());
  }

  useEffect(() => {
    if (key && key === loadedKey) writeDraft(key, draft);
  }, [key, loadedKey, draft]);

  const setBody = useCallback((body: string) => setDraft((d) => ({ ...d, body })), []);
  const setField = useCallback(
    (name: string, value: string) => setDraft((d) => ({ ...d, fields: { ...d.fields, [name]: value } })),
    [],
  );
  const clear = useCallback(() => {
    if (key) {
      try {
        localStorage.removeItem(key);
      } catch {
        // Already gone.
      }
    }
    setDraft(blank());
  }, [key]);

  return { body: draft.body, clientId: draft.clientId, fields: draft.fields, setBody, setField, clear };
}

function blank(): Draft {
  return { body: '', clientId: newClientId(), fields: {} };
}
