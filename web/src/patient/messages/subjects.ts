/** Whom the citizen may write for: themself and everyone they act for with the 'messages' right. */
import type { MessagingTopic } from '@ingang/contracts';
import { useMemo } from 'react';
import { useCitizen } from '../../api/me.js';

export interface MessageSubject {
  /** null: the citizen themself (no `subjectId` on the requests). */
  subjectId: string | null;
  name: string;
}

/** Oneself first, then the children and ombud principals with the 'messages' scope. */
export function useMessageSubjects(): MessageSubject[] {
  const me = useCitizen();
  return useMemo(() => {
    if (!me) return [];
    return [
      { subjectId: null, name: me.name },
      ...me.actingFor
        .filter((a) => a.scopes.includes('messages'))
        .map((a) => ({ subjectId: a.personId, name: a.name })),
    ];
  }, [me]);
}

/** A topic's label in the interface language. */
export function topicLabel(topic: MessagingTopic, language: string): string {
  return language === 'en' ? topic.labelEn : topic.labelSv;
}
