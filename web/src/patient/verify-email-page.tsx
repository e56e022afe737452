/** Landing page of the e-mail verification link: /profil/verifiera-epost?token=… */
import { VerifyEmailResponse } from '@ingang/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import { Alert, ButtonLink, ErrorAlert, Spinner, usePageTitle } from '../ui/index.js';
import { PatientLayout } from './patient-layout.js';
import { profileKey } from './profile/use-profile.js';

export function VerifyEmailPage() {
  const { t } = useTranslation(['patient', 'common']);
  usePageTitle(t('patient:verifyEmail.title'));
  const [params] = useSearchParams();
  const token = params.get('token');
  const client = useQueryClient();
  const verify = useMutation({
    mutationFn: (value: string) =>
      api.post('/api/profile/email/verify', { body: { token: value }, schema: VerifyEmailResponse }),
    onSuccess: () => void client.invalidateQueries({ queryKey: profileKey }),
  });
  const { mutate } = verify;
  // A verification token works once: never send it twice (StrictMode runs effects twice in development).
  const sent = useRef<string | null>(null);
  useEffect(() => {
    if (!token || sent.current === token) return;
    sent.current = token;
    mutate(token);
  }, [token, mutate]);

  return (
    <PatientLayout>
      <h1>{t('patient:verifyEmail.title')}</h1>
      {!token && <Alert tone="error">{t('patient:verifyEmail.missingToken')}</Alert>}
      {verify.isPending && <Spinner label={t('patient:verifyEmail.verifying')} />}
      <ErrorAlert error={verify.error} />
      {verify.data && <Alert tone="success">{t('patient:verifyEmail.done', { email: verify.data.email })}</Alert>}
      <p>
        <ButtonLink to="/profil" variant="secondary">
          {t('patient:nav.profile')}
        </ButtonLink>
      </p>
    </PatientLayout>
  );
}
