/**
 * A polite live region for what arrives while the page is open ("Nytt
 * meddelande från …"). Each announcement is a new line, so two in quick
 * succession are both read; only the last few are kept. Focus never moves.
 */
import { useCallback, useRef, useState } from 'react';

export function useAnnouncer() {
  const [lines, setLines] = useState<{ id: number; text: string }[]>([]);
  const next = useRef(0);
  const announce = useCallback((text: string) => {
    next.current += 1;
    const id = next.current;
    setLines((list) => [...list.slice(-2), { id, text }]);
  }, []);
  const region = (
    <div className="visually-hidden" aria-live="polite" data-testid="live-announcement">
      {lines.map((line) => (
        <p key={line.id}>{line.text}</p>
      ))}
    </div>
  );
  return { announce, region };
}
