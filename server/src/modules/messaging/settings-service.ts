/**
 * A unit's messaging settings (who may write, the answer-time target, topics)
 * and its templates (standard answers). Read by the unit's staff, changed by
 * its unit administrators (and region administrators). No patient data here.
 */
import type { MessagingSettings, MessagingTemplate, UpdateMessagingSettingsRequest } from '@ingang/contracts';
import type { z } from 'zod';
import type { StaffActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { uuid } from '../../platform/db/helpers.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { canEditSettings, requireSettingsEdit, requireSettingsView } from './access.js';
import * as store from './store.js';

type Deps = Pick<AppContext, 'db' | 'clock'>;

export function createSettingsService(deps: Deps) {
  const { db, clock } = deps;

  async function read(actor: StaffActor, unitId: string): Promise<MessagingSettings> {
    const unit = await db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst();
    if (!unit) throw notFound('unit');
    const [settings, topics] = await Promise.all([store.settingsFor(db, unitId), store.topicsOf(db, [unitId])]);
    return {
      unitId,
      patientMode: settings.patientMode,
      targetWorkingDays: settings.targetWorkingDays,
      topics: topics.map((t) => ({ id: t.id, labelSv: t.labelSv, labelEn: t.labelEn })),
      abilities: { edit: canEditSettings(actor, unitId) },
    };
  }

  const templateView = (t: { id: string; title: string; body: string; updated_at: Date }): MessagingTemplate => ({
    id: t.id,
    title: t.title,
    body: t.body,
    updatedAt: t.updated_at.toISOString(),
  });

  return {
    async get(actor: StaffActor, unitId: string) {
      requireSettingsView(actor, unitId);
      return read(actor, unitId);
    },

    /** Replaces the settings; topics keep their ids when sent with one, those left out are retired. */
    async update(actor: StaffActor, unitId: string, input: z.infer<typeof UpdateMessagingSettingsRequest>) {
      requireSettingsEdit(actor, unitId);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const current = await trx
          .selectFrom('messaging_topics')
          .select('id')
          .where('unit_id', '=', unitId)
          .where('retired_at', 'is', null)
          .forUpdate()
          .execute();
        const known = new Set(current.map((t) => t.id));
        const fields: Record<string, string> = {};
        input.topics.forEach((t, i) => {
          if (t.id && !known.has(t.id)) fields[`topics.${i}.id`] = 'not a topic of this unit';
        });
        if (Object.keys(fields).length) throw badRequest('invalid_input', 'Okänt ämne.', fields);
        await trx
          .insertInto('messaging_settings')
          .values({
            unit_id: unitId,
            patient_mode: input.patientMode,
            target_working_days: input.targetWorkingDays,
            updated_by_staff_id: actor.staffId,
            updated_at: now,
          })
          .onConflict((oc) =>
            oc.column('unit_id').doUpdateSet({
              patient_mode: input.patientMode,
              target_working_days: input.targetWorkingDays,
              updated_by_staff_id: actor.staffId,
              updated_at: now,
            }),
          )
          .execute();
        const kept = new Set(input.topics.flatMap((t) => (t.id ? [t.id] : [])));
        const retire = [...known].filter((id) => !kept.has(id));
        if (retire.length) {
          await trx.updateTable('messaging_topics').set({ retired_at: now }).where('id', 'in', retire).execute();
        }
        for (const [position, t] of input.topics.entries()) {
          if (t.id) {
            await trx
              .updateTable('messaging_topics')
              .set({ label_sv: t.labelSv, label_en: t.labelEn, position })
              .where('id', '=', t.id)
              .execute();
          } else {
            await trx
              .insertInto('messaging_topics')
              .values({
                id: uuid(),
                unit_id: unitId,
                label_sv: t.labelSv,
                label_en: t.labelEn,
                position,
                created_at: now,
              })
              .execute();
          }
        }
      });
      return read(actor, unitId);
    },

    async templates(actor: StaffActor, unitId: string) {
      requireSettingsView(actor, unitId);
      const rows = await db
        .selectFrom('messaging_templates')
        .select(['id', 'title', 'body', 'updated_at'])
        .where('unit_id', '=', unitId)
        .where('deleted_at', 'is', null)
        .orderBy('title')
        .execute();
      return { data: rows.map(templateView), abilities: { edit: canEditSettings(actor, unitId) } };
    },

    async createTemplate(actor: StaffActor, unitId: string, input: { title: string; body: string }) {
      requireSettingsEdit(actor, unitId);
      const now = clock.now();
      const row = {
        id: uuid(),
        unit_id: unitId,
        title: input.title,
        body: input.body,
        created_by_staff_id: actor.staffId,
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('messaging_templates').values(row).execute();
      return templateView(row);
    },

    async updateTemplate(actor: StaffActor, unitId: string, id: string, input: { title: string; body: string }) {
      requireSettingsEdit(actor, unitId);
      const row = await db
        .updateTable('messaging_templates')
        .set({ title: input.title, body: input.body, updated_at: clock.now() })
        .where('id', '=', id)
        .where('unit_id', '=', unitId)
        .where('deleted_at', 'is', null)
        .returning(['id', 'title', 'body', 'updated_at'])
        .executeTakeFirst();
      if (!row) throw notFound('template');
      return templateView(row);
    },

    async deleteTemplate(actor: StaffActor, unitId: string, id: string) {
      requireSettingsEdit(actor, unitId);
      const result = await db
        .updateTable('messaging_templates')
        .set({ deleted_at: clock.now() })
        .where('id', '=', id)
        .where('unit_id', '=', unitId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw notFound('template');
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
