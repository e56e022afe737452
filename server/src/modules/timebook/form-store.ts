/** SQL for health-declaration forms and their immutable versions. */
import type { AdminForm, AdminFormSummary, AdminFormVersion } from '@ingang/contracts';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Queryable } from '../../platform/db/index.js';

export type FormSummaryData = z.infer<typeof AdminFormSummary>;
export type FormData = z.infer<typeof AdminForm>;
export type FormVersionData = z.infer<typeof AdminFormVersion>;

/** Every form with its latest version number, by name. */
export async function listForms(db: Queryable): Promise<FormSummaryData[]> {
  const rows = await db
    .selectFrom('health_forms')
    .leftJoin('health_form_versions as v', 'v.form_id', 'health_forms.id')
    .select([
      'health_forms.id',
      'health_forms.name',
      'health_forms.created_at',
      'health_forms.retired_at',
      sql<number | null>`max(v.version)`.as('latest'),
    ])
    .groupBy(['health_forms.id', 'health_forms.name', 'health_forms.created_at', 'health_forms.retired_at'])
    .orderBy('health_forms.name')
    .orderBy('health_forms.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    latestVersion: r.latest === null ? null : Number(r.latest),
    createdAt: r.created_at.toISOString(),
    retiredAt: r.retired_at?.toISOString() ?? null,
  }));
}

/** One form with every version (oldest first), or null; `forUpdate` locks the form row. */
export async function findForm(db: Queryable, id: string, options: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('health_forms').selectAll().where('id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  const form = await q.executeTakeFirst();
  if (!form) return null;
  const versions = await db
    .selectFrom('health_form_versions')
    .select(['id', 'version', 'definition', 'created_at'])
    .where('form_id', '=', id)
    .orderBy('version')
    .execute();
  const data: FormData = {
    id: form.id,
    name: form.name,
    latestVersion: versions.at(-1)?.version ?? null,
    createdAt: form.created_at.toISOString(),
    retiredAt: form.retired_at?.toISOString() ?? null,
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      definition: v.definition as Record<string, unknown>,
      createdAt: v.created_at.toISOString(),
    })),
  };
  return data;
}

/** Inserts a form (without versions). */
export async function insertForm(db: Queryable, id: string, name: string, now: Date) {
  await db.insertInto('health_forms').values({ id, name, created_at: now }).execute();
}

/** Appends version `version` of a form; versions are never updated. */
export async function insertFormVersion(
  db: Queryable,
  values: { id: string; formId: string; version: number; definition: unknown; staffId: string | null },
  now: Date,
): Promise<FormVersionData> {
  await db
    .insertInto('health_form_versions')
    .values({
      id: values.id,
      form_id: values.formId,
      version: values.version,
      definition: JSON.stringify(values.definition),
      created_by_staff_id: values.staffId,
      created_at: now,
    })
    .execute();
  return {
    id: values.id,
    version: values.version,
    definition: values.definition as Record<string, unknown>,
    createdAt: now.toISOString(),
  };
}

/** True when the form exists. */
export async function formExists(db: Queryable, id: string): Promise<boolean> {
  return (await db.selectFrom('health_forms').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** The newest version of a form (answers are given on it). */
export async function latestFormVersion(q: Queryable, formId: string) {
  return q
    .selectFrom('health_form_versions')
    .select(['id', 'definition'])
    .where('form_id', '=', formId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** One form version's definition, or undefined. */
export async function findFormVersion(q: Queryable, versionId: string) {
  return q
    .selectFrom('health_form_versions')
    .select(['id', 'definition'])
    .where('id', '=', versionId)
    .executeTakeFirst();
}

/** The forms (not retired) that have a version, by name, with their latest version number. */
export async function attachableForms(q: Queryable) {
  const rows = await q
    .selectFrom('health_forms as f')
    .leftJoin('health_form_versions as v', 'v.form_id', 'f.id')
    .select(['f.id', 'f.name', 'f.created_at', 'f.retired_at'])
    .select((eb) => eb.fn.max('v.version').as('latest'))
    .where('f.retired_at', 'is', null)
    .groupBy(['f.id', 'f.name', 'f.created_at', 'f.retired_at'])
    .orderBy('f.name')
    .execute();
  return rows
    .filter((r) => r.latest !== null)
    .map((r) => ({ id: r.id, name: r.name, latestVersion: Number(r.latest), createdAt: r.created_at }));
}
