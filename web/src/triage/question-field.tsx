/**
 * One triage question as a form control, by FHIR item type: yes/no and
 * choices as radio groups, numbers and text as labelled inputs. The value is
 * kept as the text the person typed (or the chosen code) and turned into a
 * FHIR answer only when sent, so a half-typed number is never lost.
 */
import type { QuestionnaireItem } from '@ingang/domain';
import { useTranslation } from 'react-i18next';
import { TextField } from '../ui/index.js';
import { RadioGroup } from '../ui/radio-group.js';
import { PhotoField, photoIdOf } from './photo-field.js';

export interface QuestionFieldProps {
  item: QuestionnaireItem;
  value: string;
  onChange(value: string): void;
  error?: string;
  /** The group the question sits in, read before the question (e.g. "Feber hos barn"). */
  hint?: string;
  /** A photo question can be answered (the patient's own channel): whom for, and where a held photo shows. */
  photo?: { subjectId: string | null; photoUrl(id: string): string | null };
}

export function QuestionField({ item, value, onChange, error, hint, photo }: QuestionFieldProps) {
  const { t } = useTranslation('triage');
  const id = `q-${item.linkId}`;
  const label = item.text ?? item.linkId;
  switch (item.type) {
    case 'boolean':
      return (
        <RadioGroup
          id={id}
          legend={label}
          hint={hint}
          error={error}
          value={value}
          onChange={onChange}
          options={[
            { value: 'true', label: t('answer.yes') },
            { value: 'false', label: t('answer.no') },
          ]}
        />
      );
    case 'choice':
      return (
        <RadioGroup
          id={id}
          legend={label}
          hint={hint}
          error={error}
          value={value}
          onChange={onChange}
          options={(item.answerOption ?? []).map((o) => ({
            value: o.valueCoding.code,
            label: o.valueCoding.display ?? o.valueCoding.code,
          }))}
        />
      );
    case 'integer':
    case 'decimal':
      return (
        <TextField
          id={id}
          label={label}
          hint={hint}
          error={error}
          value={value}
          inputMode={item.type === 'integer' ? 'numeric' : 'decimal'}
          autoComplete="off"
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case 'date':
      return (
        <TextField
          id={id}
          label={label}
          hint={hint}
          error={error}
          type="date"
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case 'attachment':
      if (photo) {
        return (
          <PhotoField
            id={id}
            label={label}
            hint={hint}
            error={error}
            value={value}
            onChange={onChange}
            subjectId={photo.subjectId}
            photoUrl={photo.photoUrl}
          />
        );
      }
      return (
        <div className="field">
          <p>
            <strong>{label}</strong>
          </p>
          <p className="field__hint">{t('answer.attachmentLater')}</p>
        </div>
      );
    default:
      return (
        <TextField
          id={id}
          label={label}
          hint={hint}
          error={error}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
}

/** The FHIR answer for what was typed or chosen; null for an empty optional answer, 'invalid' when it cannot be one. */
export function toAnswer(item: QuestionnaireItem, value: string): Record<string, unknown> | null | 'invalid' {
  const text = value.trim();
  if (text === '') return null;
  if (item.type === 'attachment') return { attachmentId: text };
  switch (item.type) {
    case 'boolean':
      return { valueBoolean: text === 'true' };
    case 'choice':
      return { valueCoding: { code: text } };
    case 'integer':
      return /^-?\d+$/.test(text) ? { valueInteger: Number(text) } : 'invalid';
    case 'decimal': {
      const n = Number(text.replace(',', '.'));
      return Number.isFinite(n) ? { valueDecimal: n } : 'invalid';
    }
    case 'date':
      return { valueDate: text };
    default:
      return { valueString: text };
  }
}

/** The text a stored answer shows as in its control. */
export function fromAnswer(answer: Record<string, unknown> | undefined): string {
  if (!answer) return '';
  if ('valueBoolean' in answer) return String(answer.valueBoolean);
  if ('valueCoding' in answer) return String((answer.valueCoding as { code: string }).code);
  if ('valueInteger' in answer) return String(answer.valueInteger);
  if ('valueDecimal' in answer) return String(answer.valueDecimal);
  if ('valueString' in answer) return String(answer.valueString);
  if ('valueDate' in answer) return String(answer.valueDate);
  if ('valueAttachment' in answer) return photoIdOf(answer);
  return '';
}

/** A short readable form of an answer (for the staff view of the answers). */
export function answerText(
  item: QuestionnaireItem | undefined,
  answer: Record<string, unknown>,
  yes: string,
  no: string,
): string {
  if ('valueBoolean' in answer) return answer.valueBoolean ? yes : no;
  if ('valueCoding' in answer) {
    const code = (answer.valueCoding as { code: string }).code;
    return item?.answerOption?.find((o) => o.valueCoding.code === code)?.valueCoding.display ?? code;
  }
  return fromAnswer(answer);
}
