/**
 * /staff/patienter/:personId/vardkontakt — the patient's ongoing care
 * episodes at the active unit, registering one with a named care contact
 * (a colleague of the unit) and the inbox topic the patient's messages land
 * under, and ending one. Every read and change is audited on the server.
 */
import { CareEpisodesResponse, MessagingColleaguesResponse, MessagingSettingsResponse } from '@ingang/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { fieldError } from '../../api/errors.js';
import { Button, ErrorAlert, Select, Spinner, TextField, usePageTitle } from '../../ui/index.js';
import { StaffLayout } from '../staff-layout.js';

export function CareEpisodePage({ personId, unitId }: { personId: string; unitId: string }) {
  const { t, i18n } = useTranslation(['triage', 'common']);
  usePageTitle(t('careContact.staff.title'));
  const client = useQueryClient();
  const key = ['care-episodes', personId];
  const episodes = useQuery({
    queryKey: key,
    queryFn: () =>
      api.get(`/api/staff/care-episodes?personId=${personId}`, { schema: CareEpisodesResponse }).then((r) => r.data),
  });
  const colleagues = useQuery({
    queryKey: ['messaging', 'colleagues', unitId],
    queryFn: () =>
      api
        .get(`/api/staff/units/${unitId}/messaging/colleagues`, { schema: MessagingColleaguesResponse })
        .then((r) => r.data),
  });
  const settings = useQuery({
    queryKey: ['messaging', 'settings', unitId],
    queryFn: () =>
      api
        .get(`/api/staff/units/${unitId}/messaging/settings`, { schema: MessagingSettingsResponse })
        .then((r) => r.data),
  });
  const [label, setLabel] = useState('');
  const [contact, setContact] = useState('');
  const [topic, setTopic] = useState('');
  const [missing, setMissing] = useState(false);
  // The selects show their first option until changed: that is what is sent.
  const chosenContact = contact || colleagues.data?.[0]?.staffId || '';
  const chosenTopic = topic || settings.data?.topics[0]?.id || '';
  const set = (data: NonNullable<typeof episodes.data>) => client.setQueryData(key, data);
  const register = useMutation({
    mutationFn: () =>
      api
        .post('/api/staff/care-episodes', {
          body: { personId, label, contactStaffId: chosenContact, ...(chosenTopic ? { topicId: chosenTopic } : {}) },
          schema: CareEpisodesResponse,
        })
        .then((r) => r.data),
    onSuccess: (data) => {
      set(data);
      setLabel('');
    },
  });
  const end = useMutation({
    mutationFn: (id: string) =>
      api.post(`/api/staff/care-episodes/${id}/end`, { body: {}, schema: CareEpisodesResponse }).then((r) => r.data),
    onSuccess: set,
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!label.trim());
    if (label.trim()) register.mutate();
  };
  const en = i18n.language.startsWith('en');
  return (
    <StaffLayout>
      <h1>{t('careContact.staff.title')}</h1>
      <p>{t('careContact.staff.lead')}</p>
      {episodes.isPending && <Spinner label={t('common:loading')} />}
      <ErrorAlert error={episodes.error ?? end.error} />
      {episodes.data?.length === 0 && <p>{t('careContact.staff.none')}</p>}
      {episodes.data && episodes.data.length > 0 && (
        <ul>
          {episodes.data.map((e) => (
            <li key={e.id}>
              {t('careContact.who', {
                name: e.contact.name,
                title: e.contact.title,
                unit: e.unit.name,
                label: e.label,
              })}{' '}
              <Button variant="secondary" onClick={() => end.mutate(e.id)} pending={end.isPending}>
                {t('careContact.staff.end', { label: e.label })}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {colleagues.data && settings.data && (
        <form onSubmit={onSubmit} noValidate>
          <h2>{t('careContact.staff.register')}</h2>
          <TextField
            id="episode-label"
            label={t('careContact.staff.label')}
            hint={t('careContact.staff.labelHint')}
            value={label}
            maxLength={80}
            onChange={(e) => setLabel(e.target.value)}
            error={missing ? t('careContact.staff.labelMissing') : undefined}
          />
          <Select
            id="episode-contact"
            label={t('careContact.staff.contact')}
            value={chosenContact}
            onChange={(e) => setContact(e.target.value)}
            options={colleagues.data.map((c) => ({ value: c.staffId, label: `${c.name}, ${c.title}` }))}
            error={fieldError(register.error, 'contactStaffId')}
          />
          {settings.data.topics.length > 0 && (
            <Select
              id="episode-topic"
              label={t('careContact.staff.topic')}
              value={chosenTopic}
              onChange={(e) => setTopic(e.target.value)}
              options={settings.data.topics.map((x) => ({ value: x.id, label: en ? x.labelEn : x.labelSv }))}
              error={fieldError(register.error, 'topicId')}
            />
          )}
          <ErrorAlert error={register.error} />
          <Button type="submit" pending={register.isPending}>
            {t('careContact.staff.save')}
          </Button>
        </form>
      )}
      <p>
        <Link to={`/staff/patienter/${personId}`}>{t('careContact.staff.back')}</Link>
      </p>
    </StaffLayout>
  );
}
