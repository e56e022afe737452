/** A success message that takes focus when it appears (after an action), so a screen reader reads it at once. */
import { useEffect, useRef } from 'react';

export function FocusNotice({ text, testId }: { text: string; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} tabIndex={-1} className="alert alert--success" role="status" data-testid={testId}>
      <p className="alert__title">{text}</p>
    </div>
  );
}
