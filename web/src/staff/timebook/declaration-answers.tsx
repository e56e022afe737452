/** A health declaration's questions and answers as a definition list (shown on the day list and printed). */
import { useTranslation } from 'react-i18next';
import type { DayListEntry } from './timebook-api.js';

type Declaration = NonNullable<DayListEntry['declaration']>;

interface QuestionShape {
  type?: string;
  label?: { sv?: string; en?: string };
  options?: { value: string; label?: { sv?: string; en?: string } }[];
  askOn?: 'visit_day';
}

const asQuestion = (q: unknown): QuestionShape => (typeof q === 'object' && q !== null ? (q as QuestionShape) : {});

/** The answers in the form's order; unanswered (hidden) questions are left out by the server. */
export function DeclarationAnswers({ declaration }: { declaration: Declaration }) {
  const { t, i18n } = useTranslation('timebook');
  const lang = i18n.language === 'en' ? 'en' : 'sv';
  const text = (label: QuestionShape['label'], fallback: string) => label?.[lang] ?? label?.sv ?? fallback;

  function answerText(question: QuestionShape, answer: unknown): string {
    if (answer === null || answer === undefined || answer === '') {
      // A visit-day question booked ahead is not missing: it is asked on the day.
      return question.askOn === 'visit_day' ? t('declaration.onVisitDay') : t('declaration.noAnswer');
    }
    if (typeof answer === 'boolean') return answer ? t('declaration.yes') : t('declaration.no');
    if (question.type === 'choice') {
      const option = question.options?.find((o) => o.value === answer);
      if (option) return text(option.label, String(answer));
    }
    return typeof answer === 'string' || typeof answer === 'number' ? String(answer) : JSON.stringify(answer);
  }

  if (declaration.answers.length === 0) return <p>{t('declaration.empty')}</p>;
  return (
    <>
      <p className="muted">
        {t('declaration.form', { name: declaration.formName, version: declaration.version })}
        {declaration.lockedAt && ` ${t('declaration.locked')}`}
      </p>
      <dl className="facts tb-answers">
        {declaration.answers.map((a) => {
          const question = asQuestion(a.question);
          return (
            <div key={a.questionId} className={a.flagged ? 'tb-answer--risk' : undefined}>
              <dt>{text(question.label, a.questionId)}</dt>
              <dd>
                {a.flagged && <RiskMark label={t('declaration.riskMark')} />}
                {answerText(question, a.answer)}
              </dd>
            </div>
          );
        })}
      </dl>
    </>
  );
}

/** A risk marker: a warning sign and a word, so it is never told by colour alone. */
export function RiskMark({ label }: { label: string }) {
  return (
    <strong className="tb-risk">
      <span aria-hidden="true">⚠</span> {label}:{' '}
    </strong>
  );
}
