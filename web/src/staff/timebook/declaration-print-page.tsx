/**
 * /staff/dagslista/:bookingId/deklaration — one patient's health declaration
 * for printing: "Skriv ut" calls window.print(); the print stylesheet
 * (timebook.css) leaves out the header, navigation and buttons.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button, ErrorAlert, Spinner, usePageTitle } from '../../ui/index.js';
import { useLabels } from '../format.js';
import { StaffLayout } from '../staff-layout.js';
import { DeclarationAnswers } from './declaration-answers.js';
import { useDeclaration } from './timebook-api.js';

export function DeclarationPrintPage({ bookingId }: { bookingId: string }) {
  const { t } = useTranslation(['timebook', 'common']);
  const labels = useLabels();
  const query = useDeclaration(bookingId);
  const data = query.data;
  usePageTitle(data ? t('print.title', { name: data.patientName }) : t('print.heading'));
  return (
    <StaffLayout>
      <div className="tb-print">
        <p className="no-print">
          <Link to="/staff/dagslista">← {t('print.back')}</Link>
        </p>
        <h1>{data ? t('print.title', { name: data.patientName }) : t('print.heading')}</h1>
        {!data ? (
          query.error ? (
            <ErrorAlert error={query.error} />
          ) : (
            <Spinner label={t('common:loading')} />
          )
        ) : (
          <>
            <p>{t('print.visit', { when: labels.dateTime(data.start) })}</p>
            <DeclarationAnswers declaration={data.declaration} />
            <div className="button-row no-print">
              <Button onClick={() => window.print()}>{t('print.print')}</Button>
            </div>
          </>
        )}
      </div>
    </StaffLayout>
  );
}
