/**
 * The free times of a search, earliest first, grouped by day: unit, time and
 * places left, a "Välj" button each, and "Visa fler tider" while there are more.
 */
import type { FreeSlot } from '@ingang/contracts';
import { useTranslation } from 'react-i18next';
import { Button, ErrorAlert, Spinner } from '../../ui/index.js';
import { dayOf, formatDayHeading, formatTime } from './format.js';
import { type SlotSearch, useSlotSearch } from './use-booking.js';

export interface SlotResultsProps {
  search: SlotSearch;
  onChoose: (slot: FreeSlot) => void;
  /** The text of each time's button ("Välj", or "Välj den här tiden" when rebooking). */
  chooseLabel?: string;
  /** A time not to offer (the one being rebooked from). */
  excludeSlotId?: string;
}

function groupByDay(slots: FreeSlot[]): [string, FreeSlot[]][] {
  const days = new Map<string, FreeSlot[]>();
  for (const slot of slots) {
    const day = dayOf(slot.start);
    days.set(day, [...(days.get(day) ?? []), slot]);
  }
  return [...days.entries()];
}

export function SlotResults({ search, onChoose, chooseLabel, excludeSlotId }: SlotResultsProps) {
  const { t, i18n } = useTranslation('booking');
  const result = useSlotSearch(search);
  const slots = result.data?.pages.flatMap((p) => p.data).filter((s) => s.id !== excludeSlotId) ?? [];
  const days = groupByDay(slots);
  const label = chooseLabel ?? t('results.choose');

  return (
    <section aria-labelledby="slot-results-title" data-testid="slot-results">
      <h2 id="slot-results-title">{t('results.title')}</h2>
      {result.isPending && <Spinner label={t('results.loading')} />}
      <ErrorAlert error={result.error} />
      {result.isSuccess && slots.length > 0 && (
        <p role="status" className="muted" data-testid="slot-count">
          {result.hasNextPage
            ? t('results.countMore', { count: slots.length })
            : t('results.count', { count: slots.length })}
        </p>
      )}
      {result.isSuccess && slots.length === 0 && (
        <div className="card" role="status" data-testid="slot-empty">
          <p>
            <strong>{t('results.emptyTitle')}</strong>
          </p>
          <p>{t('results.emptyHelp')}</p>
        </div>
      )}
      {days.map(([day, daySlots]) => (
        <section key={day} aria-labelledby={`day-${day}`}>
          <h3 id={`day-${day}`}>{formatDayHeading(day, i18n.language)}</h3>
          <ul className="list-plain">
            {daySlots.map((slot) => {
              const time = formatTime(slot.start, i18n.language);
              return (
                <li key={slot.id} className="card" data-testid="slot">
                  <p>
                    <strong>{t('results.time', { time })}</strong>
                    <br />
                    {slot.unitName}
                    <br />
                    <span className="muted">{t('results.placesLeft', { count: slot.placesLeft })}</span>
                  </p>
                  <Button
                    variant="secondary"
                    onClick={() => onChoose(slot)}
                    aria-label={t('results.chooseAria', {
                      label,
                      time,
                      unit: slot.unitName,
                      day: formatDayHeading(day, i18n.language),
                    })}
                  >
                    {label}
                  </Button>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      {result.hasNextPage && (
        <div className="button-row">
          <Button
            variant="secondary"
            onClick={() => void result.fetchNextPage()}
            pending={result.isFetchingNextPage}
            pendingLabel={t('results.loadingMore')}
          >
            {t('results.more')}
          </Button>
        </div>
      )}
    </section>
  );
}
