import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export interface ErrorSummaryItem {
  /** The id of the field the error belongs to (the link moves focus there). */
  fieldId: string;
  message: string;
}

/**
 * The list of a form's errors, shown above the form after a failed submit
 * (WCAG 3.3.1 error identification): it takes focus when it appears so screen
 * readers read it, and each entry links to its field. Render nothing when empty.
 */
export function ErrorSummary({
  title,
  items,
  level = 2,
  focusKey,
}: {
  title?: string;
  items: ErrorSummaryItem[];
  /** Heading level of the summary's title, to fit the page outline. */
  level?: 2 | 3;
  /** Pass the error object: a new value (another failed submit) moves focus to the summary again. */
  focusKey?: unknown;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const { t } = useTranslation('common');
  const ref = useRef<HTMLDivElement>(null);
  const signature = items.map((i) => `${i.fieldId}:${i.message}`).join('|');
  // biome-ignore lint/correctness/useExhaustiveDependencies: refocus after each failed submit (new `focusKey`), not on every render.
  useEffect(() => {
    if (signature) ref.current?.focus();
  }, [signature, focusKey]);
  if (items.length === 0) return null;
  return (
    <div ref={ref} className="alert alert--error error-summary" tabIndex={-1}>
      <Heading className="alert__title">{title ?? t('errors.fieldsInvalid')}</Heading>
      <ul>
        {items.map((item) => (
          <li key={item.fieldId}>
            <a
              href={`#${item.fieldId}`}
              onClick={(event) => {
                const field = document.getElementById(item.fieldId);
                if (!field) return;
                // Keep the router's URL as it is; just move focus to the field.
                event.preventDefault();
                field.scrollIntoView({ block: 'center' });
                field.focus();
              }}
            >
              {item.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
