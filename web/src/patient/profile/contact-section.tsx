/**
 * Phone, notification choices and language: one form, saved with PATCH /api/profile. The SMS
 * choice says what it sends (an SMS when the unit writes; server: platform/sms.ts) and asks for
 * the mobile number it needs before saving.
 */
import type { Profile } from '@ingang/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldError, hasFieldErrors } from '../../api/errors.js';
import { setLanguage } from '../../i18n/index.js';
import { Alert, Button, Checkbox, ErrorAlert, Select, TextField } from '../../ui/index.js';
import { useUpdateProfile } from './use-profile.js';

export function ContactSection({ profile }: { profile: Profile }) {
  const { t } = useTranslation(['patient', 'common']);
  const update = useUpdateProfile();
  const [phone, setPhone] = useState(profile.phone ?? '');
  const [notifications, setNotifications] = useState(profile.notifications);
  const [locale, setLocale] = useState(profile.locale);
  const [needsPhone, setNeedsPhone] = useState(false);
  // The footer's language switch stores the language too (and updates the cached profile):
  // follow it, so that saving this form does not switch the language back.
  useEffect(() => setLocale(profile.locale), [profile.locale]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const missing = notifications.sms && phone.trim() === '';
    setNeedsPhone(missing);
    if (missing) {
      document.getElementById('profile-phone')?.focus();
      return;
    }
    update.mutate(
      { phone: phone.trim() === '' ? null : phone.trim(), notifications, locale },
      { onSuccess: (saved) => void setLanguage(saved.locale) },
    );
  }

  const toggle = (key: keyof Profile['notifications']) => (e: { target: { checked: boolean } }) =>
    setNotifications((n) => ({ ...n, [key]: e.target.checked }));

  return (
    <section aria-labelledby="contact-title">
      <h2 id="contact-title">{t('patient:profile.contactTitle')}</h2>
      <form onSubmit={submit} noValidate>
        {!hasFieldErrors(update.error) && <ErrorAlert error={update.error} />}
        {update.isSuccess && <Alert tone="success">{t('common:saved')}</Alert>}
        <TextField
          id="profile-phone"
          label={t('patient:profile.phone')}
          hint={t('patient:profile.phoneHint')}
          type="tel"
          autoComplete="tel"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          error={needsPhone ? t('patient:profile.smsNeedsPhone') : fieldError(update.error, 'phone')}
        />
        <fieldset>
          <legend>{t('patient:profile.notificationsLegend')}</legend>
          <Checkbox label={t('patient:profile.notifyEmail')} checked={notifications.email} onChange={toggle('email')} />
          <Checkbox
            label={t('patient:profile.notifySms')}
            hint={t('patient:profile.notifySmsHint')}
            checked={notifications.sms}
            onChange={toggle('sms')}
          />
          <Checkbox label={t('patient:profile.notifyPush')} checked={notifications.push} onChange={toggle('push')} />
        </fieldset>
        <Select
          label={t('patient:profile.languageLabel')}
          value={locale}
          onChange={(e) => setLocale(e.target.value === 'en' ? 'en' : 'sv')}
          options={[
            { value: 'sv', label: t('common:languageNames.sv') },
            { value: 'en', label: t('common:languageNames.en') },
          ]}
          error={fieldError(update.error, 'locale')}
        />
        <Button type="submit" pending={update.isPending} pendingLabel={t('common:saving')}>
          {t('common:save')}
        </Button>
      </form>
    </section>
  );
}
