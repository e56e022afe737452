/** E-mail on the profile: shows the address and its state; "Ändra e-post" sends a verification link. */
import { ChangeEmailResponse, type Profile } from '@ingang/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { fieldError, hasFieldErrors } from '../../api/errors.js';
import { Alert, Button, ErrorAlert, TextField } from '../../ui/index.js';
import { profileKey } from './use-profile.js';

export function EmailSection({ profile }: { profile: Profile }) {
  const { t } = useTranslation(['patient', 'common']);
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [email, setEmail] = useState('');
  const change = useMutation({
    mutationFn: (value: string) =>
      api.post('/api/profile/email', { body: { email: value }, schema: ChangeEmailResponse }),
    onSuccess: () => {
      setEditing(false);
      void client.invalidateQueries({ queryKey: profileKey });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    change.mutate(email.trim());
  }

  return (
    <section aria-labelledby="email-title">
      <h2 id="email-title">{t('patient:profile.emailTitle')}</h2>
      {profile.email ? (
        <p>
          {profile.email}{' '}
          <span className="muted">
            ({profile.emailVerified ? t('patient:profile.emailVerified') : t('patient:profile.emailNotVerified')})
          </span>
        </p>
      ) : (
        <p>{t('patient:profile.emailNone')}</p>
      )}
      {change.data ? (
        <Alert tone="success">{t('patient:profile.checkMail', { email: change.data.pendingEmail })}</Alert>
      ) : (
        profile.pendingEmail && <p>{t('patient:profile.emailPending', { email: profile.pendingEmail })}</p>
      )}
      {editing ? (
        <form onSubmit={submit} noValidate>
          {!hasFieldErrors(change.error) && <ErrorAlert error={change.error} />}
          <TextField
            label={t('patient:profile.newEmail')}
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldError(change.error, 'email')}
            required
          />
          <div className="button-row">
            <Button type="submit" pending={change.isPending} pendingLabel={t('patient:profile.sending')}>
              {t('patient:profile.sendLink')}
            </Button>
            <Button variant="secondary" onClick={() => setEditing(false)}>
              {t('common:cancel')}
            </Button>
          </div>
        </form>
      ) : (
        <Button variant="secondary" onClick={() => setEditing(true)}>
          {t('patient:profile.changeEmail')}
        </Button>
      )}
    </section>
  );
}
