/**
 * /staff/tidbok — the active unit's timebook a week at a time, as a compact week
 * grid: the days are columns (a section with a heading each, stacked on a narrow
 * screen), a day's times are grouped under their time type and each time is one
 * short line with its free places in words. Publishers select times and withdraw
 * them; booked ones only after choosing to cancel the bookings.
 */
import type { StaffMe } from '@ingang/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatWallClock } from '../../ui/datetime.js';
import { Alert, Button, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { capitalize } from '../format.js';
import { StaffLayout } from '../staff-layout.js';
import { canPublishTimes } from './abilities.js';
import { addDays, formatDate, isoWeek, mondayOf, todayInStockholm } from './dates.js';
import { type TimebookDay, useCalendar, usePublishableTypes } from './timebook-api.js';
import { TimebookNav } from './timebook-nav.js';
import { WithdrawDialog } from './withdraw-dialog.js';

type Slot = TimebookDay['slots'][number];

export function CalendarPage({ me, unitId }: { me: StaffMe; unitId: string }) {
  const { t, i18n } = useTranslation(['timebook', 'common']);
  usePageTitle(t('calendar.title'));
  const [params, setParams] = useSearchParams();
  const requested = params.get('vecka');
  const monday = mondayOf(requested && /^\d{4}-\d{2}-\d{2}$/.test(requested) ? requested : todayInStockholm());
  const sunday = addDays(monday, 6);
  const calendar = useCalendar(unitId, monday, sunday);
  const types = usePublishableTypes(unitId);
  const mayWithdraw = canPublishTimes(me, unitId);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialogOpen, setDialogOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const unitName = me.units.find((u) => u.unitId === unitId)?.name ?? '';

  const typeName = (id: string) => {
    const type = types.data?.find((x) => x.id === id);
    return type ? (i18n.language === 'en' ? type.nameEn : type.nameSv) : '';
  };
  const goTo = (date: string) => {
    setSelected(new Set());
    setMessage(null);
    setParams({ vecka: date });
  };
  const allSlots = calendar.data?.flatMap((d) => d.slots) ?? [];
  const chosen = allSlots.filter((s) => selected.has(s.id));
  const range = `${formatDate(monday, i18n.language)} – ${formatDate(sunday, i18n.language, true)}`;

  return (
    <StaffLayout>
      <h1>{t('calendar.title')}</h1>
      <TimebookNav me={me} />
      <p>{t('calendar.lead', { unit: unitName })}</p>
      <section aria-labelledby="tb-week-title">
        <h2 id="tb-week-title" aria-live="polite">
          {t('calendar.week', { week: isoWeek(monday) })} <span className="muted tb-range">{range}</span>
        </h2>
        <div className="button-row">
          <Button variant="secondary" onClick={() => goTo(addDays(monday, -7))}>
            {t('calendar.previous')}
          </Button>
          <Button variant="secondary" onClick={() => goTo(todayInStockholm())}>
            {t('calendar.thisWeek')}
          </Button>
          <Button variant="secondary" onClick={() => goTo(addDays(monday, 7))}>
            {t('calendar.next')}
          </Button>
        </div>
        {message && <Alert tone="success">{message}</Alert>}
        {!calendar.data ? (
          calendar.error ? (
            <ErrorAlert error={calendar.error} />
          ) : (
            <Spinner label={t('common:loading')} />
          )
        ) : calendar.data.length === 0 ? (
          <p>{t('calendar.empty')}</p>
        ) : (
          <>
            {mayWithdraw && (
              <div className="tb-actions">
                <p role="status">{t('calendar.selected', { count: chosen.length })}</p>
                <Button variant="danger" disabled={chosen.length === 0} onClick={() => setDialogOpen(true)}>
                  {t('calendar.withdraw')}
                </Button>
              </div>
            )}
            {/* Focusable so the keyboard can scroll it when seven columns do not fit. */}
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
            <section className="tb-week" aria-label={t('calendar.gridLabel')} tabIndex={0}>
              {calendar.data.map((day) => (
                <DaySection
                  key={day.date}
                  day={day}
                  typeName={typeName}
                  selectable={mayWithdraw}
                  selected={selected}
                  onToggle={(id, on) =>
                    setSelected((prev) => {
                      const next = new Set(prev);
                      if (on) next.add(id);
                      else next.delete(id);
                      return next;
                    })
                  }
                />
              ))}
            </section>
          </>
        )}
      </section>
      {mayWithdraw && (
        <WithdrawDialog
          open={dialogOpen}
          unitId={unitId}
          slots={chosen}
          onClose={() => setDialogOpen(false)}
          onDone={(text) => {
            setDialogOpen(false);
            setSelected(new Set());
            setMessage(text);
          }}
        />
      )}
    </StaffLayout>
  );
}

function DaySection({
  day,
  typeName,
  selectable,
  selected,
  onToggle,
}: {
  day: TimebookDay;
  typeName: (id: string) => string;
  selectable: boolean;
  selected: Set<string>;
  onToggle: (id: string, on: boolean) => void;
}) {
  const { t, i18n } = useTranslation('timebook');
  const headingId = `tb-day-${day.date}`;
  const active = day.slots.filter((s) => !s.withdrawn);
  return (
    <section aria-labelledby={headingId} className="tb-day">
      <h3 id={headingId}>{capitalize(formatDate(day.date, i18n.language))}</h3>
      <p className="muted">
        {t('calendar.daySummary', { count: active.length, capacity: day.capacity, booked: day.booked, free: day.free })}
      </p>
      {groupByType(day.slots).map(([typeId, slots]) => (
        <div key={typeId} className="tb-type">
          <h4 className="tb-type__name">{typeName(typeId)}</h4>
          <ul className="tb-slots">
            {slots.map((slot) => (
              <li key={slot.id} className={slot.withdrawn ? 'tb-slot tb-slot--withdrawn' : 'tb-slot'}>
                <SlotLine slot={slot} selectable={selectable} selected={selected} onToggle={onToggle} />
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** A day's times per time type, in the order the types first appear (the times come sorted by start). */
function groupByType(slots: Slot[]): [string, Slot[]][] {
  const groups = new Map<string, Slot[]>();
  for (const slot of slots) groups.set(slot.timeTypeId, [...(groups.get(slot.timeTypeId) ?? []), slot]);
  return [...groups];
}

function SlotLine({
  slot,
  selectable,
  selected,
  onToggle,
}: {
  slot: Slot;
  selectable: boolean;
  selected: Set<string>;
  onToggle: (id: string, on: boolean) => void;
}) {
  const { t, i18n } = useTranslation('timebook');
  const status = slot.withdrawn
    ? t('calendar.withdrawn')
    : t('calendar.placesShort', { free: slot.free, capacity: slot.capacity });
  const label = `${formatWallClock(slot.localTime, i18n.language)} · ${status}`;
  if (!selectable || slot.withdrawn) return <span>{label}</span>;
  const id = `tb-slot-${slot.id}`;
  return (
    <span className="tb-slot__choice">
      <input
        type="checkbox"
        id={id}
        checked={selected.has(slot.id)}
        onChange={(e) => onToggle(slot.id, e.target.checked)}
      />
      <label htmlFor={id}>
        {label}
        {slot.booked > 0 && <strong className="tb-booked"> {t('calendar.hasBookings')}</strong>}
      </label>
    </span>
  );
}
