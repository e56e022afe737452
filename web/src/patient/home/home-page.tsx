/**
 * "Hem" (/hem): where a citizen lands after login — what needs them now, for themselves and for
 * those they act for: coming bookings and meetings (with "Anslut" when it is time), unread
 * messages, kallelser waiting for an answer and offers that can be booked.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCitizen } from '../../api/me.js';
import { ButtonLink, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { MeetingList } from '../../video/meeting-list.js';
import { BookingCard } from '../booking/booking-card.js';
import { PatientLayout } from '../patient-layout.js';
import { openInvitations, openOffers, upcomingBookings, useHome } from './use-home.js';
import '../../video/video.css';
import { timeTypeName } from '../booking/format.js';

const SHOWN = 3;

export function HomePage() {
  const { t, i18n } = useTranslation(['home', 'common']);
  usePageTitle(t('home:title'));
  const me = useCitizen();
  const { bookings, meetings, invitations, offers, unread } = useHome();
  const now = Date.now();
  const coming = upcomingBookings(bookings.data ?? [], now);
  const liveMeetings = (meetings.data ?? []).filter((m) => m.status !== 'ended');
  const toAnswer = openInvitations(invitations.data ?? []);
  const toBook = openOffers(offers.data ?? []);
  const loading = bookings.isPending || invitations.isPending || offers.isPending;
  const nothing =
    !loading && coming.length === 0 && liveMeetings.length === 0 && toAnswer.length === 0 && toBook.length === 0;

  return (
    <PatientLayout>
      <h1>{me ? t('home:greeting', { name: me.name.split(' ')[0] }) : t('home:title')}</h1>
      {loading && <Spinner label={t('common:loading')} />}
      <ErrorAlert error={bookings.error ?? invitations.error ?? offers.error} />

      {unread > 0 && (
        <section aria-labelledby="home-messages" className="home-section">
          <h2 id="home-messages">{t('home:messages.title')}</h2>
          <p>
            <Link to="/meddelanden" data-testid="home-unread">
              {t('home:messages.unread', { count: unread })}
            </Link>
          </p>
        </section>
      )}

      {liveMeetings.length > 0 && (
        <section aria-labelledby="home-meetings" className="home-section">
          <h2 id="home-meetings">{t('home:meetings.title')}</h2>
          <MeetingList meetings={liveMeetings.slice(0, SHOWN)} hrefOf={(m) => `/video/${m.id}`} />
        </section>
      )}

      {coming.length > 0 && (
        <section aria-labelledby="home-bookings" className="home-section">
          <h2 id="home-bookings">{t('home:bookings.title')}</h2>
          <ul className="list-plain">
            {coming.slice(0, SHOWN).map((b) => (
              <li key={b.id}>
                <BookingCard booking={b} />
              </li>
            ))}
          </ul>
          {coming.length > SHOWN && (
            <p>
              <Link to="/bokningar">{t('home:bookings.all', { count: coming.length })}</Link>
            </p>
          )}
        </section>
      )}

      {(toAnswer.length > 0 || toBook.length > 0) && (
        <section aria-labelledby="home-todo" className="home-section">
          <h2 id="home-todo">{t('home:todo.title')}</h2>
          <ul className="home-todo" data-testid="home-todo">
            {toAnswer.map((i) => (
              <li key={i.id}>
                <Link to={`/kallelser/${i.id}`}>
                  {t('home:todo.invitation', { what: timeTypeName(i.timeType, i18n.language), unit: i.unit.name })}
                </Link>
              </li>
            ))}
            {toBook.map((o) => (
              <li key={`${o.id}-${o.patient.personId}`}>
                <Link to={`/erbjudanden/${o.id}?for=${encodeURIComponent(o.patient.personId)}`}>
                  {o.patient.personId === me?.personId
                    ? t('home:todo.offer', { what: o.title })
                    : t('home:todo.offerFor', { what: o.title, name: o.patient.name })}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}

      {nothing && <p data-testid="home-nothing">{t('home:nothing')}</p>}

      <div className="button-row">
        <ButtonLink to="/boka">{t('home:actions.book')}</ButtonLink>
        <ButtonLink to="/meddelanden/ny" variant="secondary">
          {t('home:actions.write')}
        </ButtonLink>
      </div>
    </PatientLayout>
  );
}
