/**
 * The host's invitations: a colleague at the unit (consultation), a one-time
 * guest link (interpreter, relative, colleague elsewhere) shown once with a
 * copy button, and who is invited.
 */
import type { CreateVideoInvitationRequest } from '@ingang/contracts';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/me.js';
import { Alert, Button, ErrorAlert, Select, TextField } from '../../ui/index.js';
import { formatMeetingTime } from '../../video/format.js';
import { useInvite, useInvitees } from '../../video/video-api.js';
import { useStaffUnit } from '../staff-api.js';

type Relation = Extract<CreateVideoInvitationRequest, { kind: 'guest' }>['relation'];
const RELATIONS: Relation[] = ['interpreter', 'relative', 'colleague', 'other'];

export function InvitePanel({ meetingId }: { meetingId: string }) {
  const { t, i18n } = useTranslation('video');
  const id = useId();
  const invite = useInvite(meetingId);
  const invitees = useInvitees(meetingId, true);
  const [relation, setRelation] = useState<Relation>('interpreter');
  const [label, setLabel] = useState('');
  const [copied, setCopied] = useState(false);
  const created = invite.data;

  function submit(event: FormEvent) {
    event.preventDefault();
    setCopied(false);
    invite.mutate({
      kind: 'guest',
      relation,
      expiresInMinutes: 24 * 60,
      ...(label.trim() ? { label: label.trim() } : {}),
    });
  }

  return (
    <section aria-labelledby={id} className="video-panel" data-testid="video-invite">
      <ColleagueInvite meetingId={meetingId} />
      <h2 id={id}>{t('staff.guestLink')}</h2>
      <form onSubmit={submit} noValidate>
        <Select
          label={t('staff.relation')}
          value={relation}
          options={RELATIONS.map((r) => ({ value: r, label: t(`staff.relations.${r}`) }))}
          onChange={(e) => setRelation(e.target.value as Relation)}
        />
        <TextField
          label={t('staff.guestName')}
          value={label}
          maxLength={80}
          onChange={(e) => setLabel(e.target.value)}
        />
        <ErrorAlert error={invite.error} />
        <Button type="submit" variant="secondary" pending={invite.isPending}>
          {t('staff.createGuestLink')}
        </Button>
      </form>
      {created?.guestUrl && (
        <Alert tone="success">
          <p>
            {t('staff.guestLinkCreated', {
              at: created.invitee.guestLinkExpiresAt
                ? formatMeetingTime(created.invitee.guestLinkExpiresAt, i18n.language)
                : '',
            })}
          </p>
          <p className="video-link" data-testid="video-guest-url">
            {created.guestUrl}
          </p>
          <Button
            variant="secondary"
            onClick={() =>
              void navigator.clipboard?.writeText(created.guestUrl ?? '').then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {t('staff.copy')}
          </Button>
          {copied && <p role="status">{t('staff.copied')}</p>}
        </Alert>
      )}
      {invitees.data && invitees.data.length > 0 && (
        <>
          <h3>{t('staff.invited')}</h3>
          <ul>
            {invitees.data.map((p) => (
              <li key={p.participantId}>
                {p.displayName} ({t(`staff.relations.${p.relation}`)})
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Adds a colleague of the active unit (consultation); they join from their own list of meetings. */
function ColleagueInvite({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation('video');
  const { data: me } = useMe();
  const unitId = me?.kind === 'staff' ? me.activeUnitId : null;
  // No active unit: no request (it would be a 404 for the empty id).
  const unit = useStaffUnit(unitId);
  const invite = useInvite(meetingId);
  const invitees = useInvitees(meetingId, true);
  const [staffId, setStaffId] = useState('');
  // Invitees carry a display name ("Dan Dahl, Läkare"), not a staff id: match on the name.
  const invited = invitees.data?.map((p) => p.displayName) ?? [];
  const isInvited = (name: string) => invited.some((n) => n === name || n.startsWith(`${name},`));
  const selfId = me?.kind === 'staff' ? me.staffId : null;
  const colleagues = (unit.data?.data.colleagues ?? []).filter((c) => c.staffId !== selfId && !isInvited(c.name));
  const chosen = staffId || colleagues[0]?.staffId || '';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (chosen) invite.mutate({ kind: 'staff', staffId: chosen, role: 'participant' });
  }

  if (!unitId) return null;
  return (
    <div>
      <h2>{t('staff.inviteColleague')}</h2>
      {unit.data && colleagues.length === 0 ? (
        <p>{t('staff.noColleagues')}</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <Select
            label={t('staff.colleague')}
            value={chosen}
            options={colleagues.map((c) => ({ value: c.staffId, label: `${c.name}, ${c.title}` }))}
            onChange={(e) => setStaffId(e.target.value)}
          />
          <ErrorAlert error={invite.error ?? unit.error} />
          <Button type="submit" variant="secondary" pending={invite.isPending} disabled={!chosen}>
            {t('staff.sendColleagueInvite')}
          </Button>
        </form>
      )}
      {invite.data && <p role="status">{t('staff.colleagueInvited', { name: invite.data.invitee.displayName })}</p>}
    </div>
  );
}
