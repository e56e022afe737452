/**
 * The words of one "Vem har tittat" entry in the reader's language, made from
 * the codes the server sends (`entry.codes`; the server's Swedish `role`,
 * `action` and `purpose` are not shown). A code the web does not know gets
 * the general words ("Personal", "Tog del av dina uppgifter", "Annat"), as
 * the server's labels do. The staff member's own title is the unit's text and
 * is shown as written, with the role in the unit after it.
 */
import type { AuditAccess } from '@ingang/contracts';
import type { TFunction } from 'i18next';

export function accessWords(entry: AuditAccess, t: TFunction) {
  const { codes } = entry;
  const pick = (group: 'roles' | 'actions' | 'records' | 'purposes', code: string, vars: Record<string, string> = {}) =>
    t(`accessWords.${group}.${code}`, {
      ...vars,
      defaultValue: t(`accessWords.${group}.${group === 'roles' ? 'staff' : 'other'}`, vars),
    });
  const roleInUnit = pick('roles', codes.role);
  return {
    role: entry.title && entry.title !== roleInUnit ? `${entry.title} (${roleInUnit})` : roleInUnit,
    action: pick('actions', codes.action, { what: pick('records', codes.recordType) }),
    purpose: pick('purposes', codes.purpose),
  };
}
