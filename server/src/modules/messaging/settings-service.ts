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
import type { TemplateRow } from './settings-store.js';
import * as settingsStore from './settings-store.js';
import * as store from './store.js';

type Deps = Pick<AppContext, 'db' | 'clock'>;

export function createSettingsService(deps: Deps) {
  const { db, clock } = deps;

  async function read(actor: StaffActor, unitId: string): Promise<MessagingSettings> {
    if ((await store.unitName(db, unitId)) === null) throw notFound('unit');
    const [settings, topics] = await Promise.all([store.settingsFor(db, unitId), store.topicsOf(db, [unitId])]);
    return {
      unitId,
      patientMode: settings.patientMode,
      targetWorkingDays: settings.targetWorkingDays,
      topics: topics.map((t) => ({ id: t.id, labelSv: t.labelSv, labelEn: t.labelEn })),
      abilities: { edit: canEditSettings(actor, unitId) },
    };
  }

  const templateView = (t: TemplateRow): MessagingTemplate => ({
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
        const known = new Set(await settingsStore.lockActiveTopicIds(trx, unitId));
        const fields: Record<string, string> = {};
        input.topics.forEach((t, i) => {
          if (t.id && !known.has(t.id)) fields[`topics.${i}.id`] = 'not a topic of this unit';
        });
        if (Object.keys(fields).length) throw badRequest('invalid_input', 'Okänt ämne.', fields);
        await settingsStore.upsertSettings(trx, {
          unitId,
          patientMode: input.patientMode,
          targetWorkingDays: input.targetWorkingDays,
          staffId: actor.staffId,
          now,
        });
        const kept = new Set(input.topics.flatMap((t) => (t.id ? [t.id] : [])));
        const retire = [...known].filter((id) => !kept.has(id));
        await settingsStore.retireTopics(trx, retire, now);
        for (const [position, t] of input.topics.entries()) {
          const topic = { labelSv: t.labelSv, labelEn: t.labelEn, position };
          if (t.id) await settingsStore.updateTopic(trx, t.id, topic);
          else await settingsStore.insertTopic(trx, { ...topic, unitId, now });
        }
      });
      return read(actor, unitId);
    },

    async templates(actor: StaffActor, unitId: string) {
      requireSettingsView(actor, unitId);
      const rows = await settingsStore.listTemplates(db, unitId);
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
      await settingsStore.insertTemplate(db, row);
      return templateView(row);
    },

    async updateTemplate(actor: StaffActor, unitId: string, id: string, input: { title: string; body: string }) {
      requireSettingsEdit(actor, unitId);
      const row = await settingsStore.updateTemplate(db, unitId, id, { ...input, now: clock.now() });
      if (!row) throw notFound('template');
      return templateView(row);
    },

    async deleteTemplate(actor: StaffActor, unitId: string, id: string) {
      requireSettingsEdit(actor, unitId);
      if (!(await settingsStore.deleteTemplate(db, unitId, id, clock.now()))) throw notFound('template');
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
