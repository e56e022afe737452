/**
 * /staff/dagslista — the vaccinator's day list: who is coming on a date
 * (default today), their status, arrival / "Given" / no-show, and each
 * patient's health declaration behind a show/hide button, with a print view.
 */
import type { StaffMe } from '@ingang/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../api/errors.js';
import { formatWallClock } from '../../ui/datetime.js';
import { Alert, Button, ErrorAlert, ProtectedMarker, Spinner, TextField, usePageTitle } from '../../ui/index.js';
import { capitalize } from '../format.js';
import { formatPnr } from '../patients/personnummer.js';
import { StaffLayout } from '../staff-layout.js';
import { StartVideoLink } from '../video/start-video-link.js';
import { addDays, formatDate, todayInStockholm } from './dates.js';
import { DeclarationAnswers, RiskMark } from './declaration-answers.js';
import { type DayListEntry, type Transition, useDayList, useTransition } from './timebook-api.js';
import { TimebookNav } from './timebook-nav.js';

export function DayListPage({ me, unitId }: { me: StaffMe; unitId: string }) {
  const { t, i18n } = useTranslation(['timebook', 'common']);
  usePageTitle(t('dayList.title'));
  const [params, setParams] = useSearchParams();
  const requested = params.get('datum');
  const date = requested && /^\d{4}-\d{2}-\d{2}$/.test(requested) ? requested : todayInStockholm();
  const list = useDayList(unitId, date);
  const unitName = me.units.find((u) => u.unitId === unitId)?.name ?? '';
  const entries = list.data?.entries ?? [];
  const waiting = entries.filter((e) => e.status === 'booked').length;
  const arrived = entries.filter((e) => e.status === 'arrived').length;
  const given = entries.filter((e) => e.status === 'completed').length;

  return (
    <StaffLayout>
      <h1>{t('dayList.title')}</h1>
      <TimebookNav me={me} />
      <p>{t('dayList.lead', { unit: unitName })}</p>
      <div className="tb-date-picker">
        <TextField
          id="tb-day-date"
          label={t('dayList.date')}
          type="date"
          value={date}
          onChange={(e) => {
            if (/^\d{4}-\d{2}-\d{2}$/.test(e.target.value)) setParams({ datum: e.target.value });
          }}
        />
        <div className="button-row">
          <Button variant="secondary" onClick={() => setParams({ datum: addDays(date, -1) })}>
            {t('dayList.previous')}
          </Button>
          <Button variant="secondary" onClick={() => setParams({ datum: todayInStockholm() })}>
            {t('dayList.today')}
          </Button>
          <Button variant="secondary" onClick={() => setParams({ datum: addDays(date, 1) })}>
            {t('dayList.next')}
          </Button>
        </div>
      </div>
      <h2 aria-live="polite">{capitalize(formatDate(date, i18n.language, true))}</h2>
      {!list.data ? (
        list.error ? (
          <ErrorAlert error={list.error} />
        ) : (
          <Spinner label={t('common:loading')} />
        )
      ) : entries.length === 0 ? (
        <p>{t('dayList.empty')}</p>
      ) : (
        <>
          <p role="status">{t('dayList.summary', { count: entries.length, waiting, arrived, given })}</p>
          <ul className="list-plain tb-entries">
            {entries.map((entry) => (
              <li key={entry.bookingId}>
                <EntryCard entry={entry} unitId={unitId} />
              </li>
            ))}
          </ul>
        </>
      )}
    </StaffLayout>
  );
}

function EntryCard({ entry, unitId }: { entry: DayListEntry; unitId: string }) {
  const { t, i18n } = useTranslation('timebook');
  const transition = useTransition(unitId);
  const [open, setOpen] = useState(false);
  const headingId = `tb-entry-${entry.bookingId}`;
  const panelId = `tb-declaration-${entry.bookingId}`;
  const typeName = i18n.language === 'en' ? entry.timeType.nameEn : entry.timeType.nameSv;
  const act = (action: Transition) => transition.mutate({ bookingId: entry.bookingId, action });
  const pendingLabel = t('dayList.saving');
  const conflict = transition.error instanceof ApiError && transition.error.code === 'invalid_transition';

  return (
    <article aria-labelledby={headingId} className="card tb-entry">
      <h3 id={headingId}>
        {formatWallClock(entry.localTime, i18n.language)} {entry.patient.name}
        <ProtectedMarker protectedIdentity={entry.patient.protectedIdentity} />
      </h3>
      <dl className="facts tb-entry__facts">
        <div>
          <dt>{t('dayList.personalNumber')}</dt>
          <dd>{formatPnr(entry.patient.personalNumber)}</dd>
        </div>
        <div>
          <dt>{t('dayList.timeType')}</dt>
          <dd>{typeName}</dd>
        </div>
        <div>
          <dt>{t('dayList.status')}</dt>
          <dd>
            <strong>{t(`status.${entry.status}`)}</strong>
          </dd>
        </div>
      </dl>
      <RiskAnswers entry={entry} />
      {entry.patient.protectedIdentity && (
        <Alert tone="warning" title={t('dayList.protectedTitle')}>
          {t('dayList.protectedText')}
        </Alert>
      )}
      {conflict ? <Alert tone="error">{t('dayList.conflict')}</Alert> : <ErrorAlert error={transition.error} />}
      <StartVideoLink entry={entry} />
      <div className="button-row">
        {entry.status === 'booked' && (
          <>
            <Button onClick={() => act('arrive')} pending={transition.isPending} pendingLabel={pendingLabel}>
              {t('dayList.arrive')}
            </Button>
            <Button variant="secondary" onClick={() => act('no-show')} disabled={transition.isPending}>
              {t('dayList.noShow')}
            </Button>
          </>
        )}
        {entry.status === 'arrived' && (
          <>
            <Button onClick={() => act('given')} pending={transition.isPending} pendingLabel={pendingLabel}>
              {t('dayList.given')}
            </Button>
            <Button variant="secondary" onClick={() => act('undo-arrival')} disabled={transition.isPending}>
              {t('dayList.undoArrival')}
            </Button>
          </>
        )}
      </div>
      {entry.declaration ? (
        <div className="tb-declaration">
          <div className="button-row">
            <Button variant="secondary" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
              {open ? t('dayList.hideDeclaration') : t('dayList.showDeclaration')}
            </Button>
            <Link to={`/staff/dagslista/${entry.bookingId}/deklaration`}>
              {t('dayList.print', { name: entry.patient.name })}
            </Link>
          </div>
          <div id={panelId} hidden={!open}>
            <DeclarationAnswers declaration={entry.declaration} />
          </div>
        </div>
      ) : (
        <p className="muted">{t('dayList.noDeclaration')}</p>
      )}
    </article>
  );
}

/** The declaration's risk answers (allergy, blood thinners …), on the card itself: staff see them before opening it. */
function RiskAnswers({ entry }: { entry: DayListEntry }) {
  const { t, i18n } = useTranslation('timebook');
  const risks = entry.declaration?.answers.filter((a) => a.flagged) ?? [];
  if (risks.length === 0) return null;
  const lang = i18n.language === 'en' ? 'en' : 'sv';
  return (
    <div className="tb-risks">
      <p className="tb-risks__title">
        <RiskMark label={t('dayList.riskTitle')} />
      </p>
      <ul>
        {risks.map((a) => (
          <li key={a.questionId}>{a.question.label[lang]}</li>
        ))}
      </ul>
    </div>
  );
}
