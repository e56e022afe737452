/**
 * What staff can do with a conversation, as the server's abilities allow:
 * take it, assign it to a colleague (or nobody), close it — with or without
 * letting the patient answer — and reopen it. Each result is announced.
 */
import type { StaffMe } from '@ingang/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Dialog, ErrorAlert, Select } from '../../ui/index.js';
import { type StaffConversation, useAssign, useClose, useColleagues, useReopen } from './inbox-api.js';

export function ConversationActions({
  me,
  unitId,
  conversation: c,
  onDone,
}: {
  me: StaffMe;
  unitId: string;
  conversation: StaffConversation;
  onDone: (notice: string) => void;
}) {
  const { t } = useTranslation(['inbox', 'common']);
  const assign = useAssign(unitId, c.id);
  const close = useClose(unitId, c.id);
  const reopen = useReopen(unitId, c.id);
  const colleagues = useColleagues(unitId, c.abilities.assign);
  const current = c.assignee?.staffId ?? '';
  const [assignee, setAssignee] = useState(current);
  // The select follows the conversation: after "take" (or a colleague's change seen live) it shows the new handler.
  useEffect(() => setAssignee(current), [current]);
  const [closing, setClosing] = useState(false);
  const [allowReply, setAllowReply] = useState(false);
  const error = assign.error ?? close.error ?? reopen.error;
  const nameOf = (staffId: string) => colleagues.data?.find((x) => x.staffId === staffId)?.name ?? '';

  return (
    <section aria-labelledby="conv-actions-title" className="conv-actions">
      <h2 id="conv-actions-title" className="visually-hidden">
        {t('actions.title')}
      </h2>
      <ErrorAlert error={error} />
      <div className="button-row">
        {c.abilities.take && c.assignee?.staffId !== me.staffId && (
          <Button
            pending={assign.isPending && assign.variables?.staffId === me.staffId}
            pendingLabel={t('common:saving')}
            onClick={() => assign.mutate({ staffId: me.staffId }, { onSuccess: () => onDone(t('actions.taken')) })}
          >
            {t('actions.take')}
          </Button>
        )}
        {c.abilities.close && (
          <Button variant="secondary" onClick={() => setClosing(true)}>
            {t('actions.close')}
          </Button>
        )}
        {c.abilities.reopen && (
          <Button
            variant="secondary"
            pending={reopen.isPending}
            pendingLabel={t('common:saving')}
            onClick={() => reopen.mutate(undefined, { onSuccess: () => onDone(t('actions.reopened')) })}
          >
            {t('actions.reopen')}
          </Button>
        )}
      </div>
      {c.abilities.assign && colleagues.data && (
        <form
          className="conv-assign"
          onSubmit={(event) => {
            event.preventDefault();
            assign.mutate(
              { staffId: assignee || null },
              {
                onSuccess: () =>
                  onDone(assignee ? t('actions.assigned', { name: nameOf(assignee) }) : t('actions.unassigned')),
              },
            );
          }}
        >
          <Select
            id="conv-assignee"
            label={t('actions.assignLabel')}
            value={assignee}
            onChange={(e) => setAssignee(e.target.value)}
            options={[
              { value: '', label: t('actions.nobody') },
              ...colleagues.data.map((x) => ({
                value: x.staffId,
                label: x.staffId === me.staffId ? `${x.name} (${t('inbox.you')})` : `${x.name}, ${x.title}`,
              })),
            ]}
          />
          <Button type="submit" variant="secondary" pending={assign.isPending} pendingLabel={t('common:saving')}>
            {t('actions.assign')}
          </Button>
        </form>
      )}
      <Dialog open={closing} title={t('actions.closeTitle')} onClose={() => setClosing(false)}>
        <p>{t('actions.closeText')}</p>
        <Checkbox
          label={t('actions.allowReply')}
          hint={t('actions.allowReplyHint')}
          checked={allowReply}
          onChange={(e) => setAllowReply(e.target.checked)}
        />
        <div className="button-row">
          <Button
            pending={close.isPending}
            pendingLabel={t('common:saving')}
            onClick={() =>
              close.mutate(allowReply, {
                onSuccess: () => {
                  setClosing(false);
                  onDone(allowReply ? t('actions.closedReply') : t('actions.closed'));
                },
              })
            }
          >
            {t('actions.confirmClose')}
          </Button>
          <Button variant="secondary" onClick={() => setClosing(false)}>
            {t('common:cancel')}
          </Button>
        </div>
        <ErrorAlert error={close.error} />
      </Dialog>
    </section>
  );
}
