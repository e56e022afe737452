/** The clear state after an answer: what happened and what comes next; it takes focus so it is read at once. */
import { type ReactNode, useEffect, useRef } from 'react';

export function DoneNotice({
  title,
  tone = 'success',
  children,
}: {
  title: string;
  tone?: 'success' | 'info' | 'warning';
  children?: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} tabIndex={-1} className={`alert alert--${tone}`} role="status" data-testid="answer-done">
      <h2 className="alert__title">{title}</h2>
      {children && <div className="alert__body">{children}</div>}
    </div>
  );
}
