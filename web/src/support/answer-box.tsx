/** The answer box: `::word` offers matching standard answers; choosing one inserts it with placeholders filled. */
import type { StandardAnswer } from '@ingang/contracts';
import { fillPlaceholders, insertStandardAnswer, shortcutAt } from '@ingang/domain';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, ErrorAlert } from '../ui/index.js';
import { TextArea } from '../ui/text-area.js';
import { deskApi, useDeskMutation, useStandardAnswers } from './desk-api.js';

export function AnswerBox({
  caseId,
  placeholders,
  disabled,
}: {
  caseId: string;
  placeholders: Record<string, string>;
  disabled?: boolean;
}) {
  const { t } = useTranslation('support');
  const answers = useStandardAnswers();
  const [text, setText] = useState('');
  const [cursor, setCursor] = useState(0);
  const [close, setClose] = useState(false);
  const [note, setNote] = useState(false);
  const send = useDeskMutation((v: { body: string; close?: boolean; note?: boolean }) => deskApi.answer(caseId, v));
  const typed = shortcutAt(text, cursor);
  const matches: StandardAnswer[] = typed
    ? (answers.data?.answers ?? []).filter((a) => a.shortcut.startsWith(typed.word)).slice(0, 6)
    : [];
  const insert = (a: StandardAnswer) => {
    if (!typed) return;
    const next = insertStandardAnswer(text, typed.start, cursor, fillPlaceholders(a.body, placeholders));
    setText(next.text);
    setCursor(next.cursor);
    requestAnimationFrame(() => {
      const el = document.getElementById('answer-text') as HTMLTextAreaElement | null;
      el?.focus();
      el?.setSelectionRange(next.cursor, next.cursor);
    });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate(
      { body: text, ...(close ? { close } : {}), ...(note ? { note } : {}) },
      { onSuccess: () => setText('') },
    );
  };
  return (
    <form onSubmit={submit} className="stack answer-box">
      {send.error && <ErrorAlert error={send.error} />}
      <TextArea
        id="answer-text"
        label={t('case.answer')}
        hint={t('case.answerHint')}
        value={text}
        rows={6}
        disabled={disabled}
        onChange={(e) => {
          setText(e.target.value);
          setCursor(e.target.selectionStart);
        }}
        onSelect={(e) => setCursor((e.target as HTMLTextAreaElement).selectionStart)}
      />
      {matches.length > 0 && (
        <section aria-label={t('case.suggestions')} aria-live="polite" className="answer-box__matches">
          <ul>
            {matches.map((a) => (
              <li key={a.id}>
                <Button variant="secondary" onClick={() => insert(a)}>
                  {t('case.insert', { title: `::${a.shortcut} – ${a.title}` })}
                </Button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Checkbox label={t('case.asNote')} checked={note} onChange={(e) => setNote(e.target.checked)} />
      {!note && <Checkbox label={t('case.closeWith')} checked={close} onChange={(e) => setClose(e.target.checked)} />}
      <Button type="submit" pending={send.isPending} disabled={disabled || !text.trim()}>
        {t('case.send')}
      </Button>
      {send.isSuccess && <p role="status">{t('case.sent')}</p>}
    </form>
  );
}
