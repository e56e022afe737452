/**
 * Region administration of health-declaration forms. A form is a name and a
 * list of immutable versions: a new definition is a new version, so answers
 * always keep the version they were given on. Definitions are checked (and
 * cleaned) by `validateFormDefinition` from '@ingang/domain'.
 */
import { randomUUID } from 'node:crypto';
import { type FormDefinition, validateFormDefinition } from '@ingang/domain';
import type { StaffActor } from '../../platform/auth.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db/index.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { requireRegionAdmin } from './access.js';
import { recordTimebookChange } from './change-log.js';
import * as store from './form-store.js';

/** The cleaned definition, or 400 naming `body.definition` with every problem. */
function definitionOf(input: unknown): FormDefinition {
  const result = validateFormDefinition(input);
  if (!result.ok) {
    throw badRequest('invalid_form', `Invalid form definition: ${result.errors.join(' ')}`, {
      'body.definition': result.errors.join(' '),
    });
  }
  return result.value;
}

/** Builds the form administration service. */
export function createFormService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function addVersion(
    trx: Tx,
    actor: StaffActor,
    formId: string,
    version: number,
    def: FormDefinition,
    now: Date,
  ) {
    const created = await store.insertFormVersion(
      trx,
      { id: randomUUID(), formId, version, definition: def, staffId: actor.staffId },
      now,
    );
    await recordTimebookChange(
      trx,
      {
        actorStaffId: actor.staffId,
        entityType: 'health_form',
        entityId: formId,
        action: 'form.version_added',
        changes: { version: { from: version - 1 || null, to: version } },
      },
      now,
    );
    return created;
  }

  return {
    /** Every form with its latest version number. */
    async listForms(actor: StaffActor) {
      requireRegionAdmin(actor);
      return store.listForms(db);
    },

    /** One form with all its versions. */
    async getForm(actor: StaffActor, id: string) {
      requireRegionAdmin(actor);
      const form = await store.findForm(db, id);
      if (!form) throw notFound('form');
      return form;
    },

    /** Creates a form; with a definition, that becomes version 1. */
    async createForm(actor: StaffActor, input: { name: string; definition?: unknown }) {
      requireRegionAdmin(actor);
      const def = input.definition === undefined ? null : definitionOf(input.definition);
      const now = clock.now();
      const id = randomUUID();
      return db.transaction().execute(async (trx) => {
        await store.insertForm(trx, id, input.name, now);
        await recordTimebookChange(
          trx,
          {
            actorStaffId: actor.staffId,
            entityType: 'health_form',
            entityId: id,
            action: 'form.created',
            changes: { name: { from: null, to: input.name } },
          },
          now,
        );
        if (def) await addVersion(trx, actor, id, 1, def, now);
        const form = await store.findForm(trx, id);
        if (!form) throw new Error('created form not found');
        return form;
      });
    },

    /** Adds the next version of a form (the form row is locked, so two admins get consecutive numbers). */
    async addVersion(actor: StaffActor, formId: string, definition: unknown) {
      requireRegionAdmin(actor);
      const def = definitionOf(definition);
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const form = await store.findForm(trx, formId, { forUpdate: true });
        if (!form) throw notFound('form');
        return addVersion(trx, actor, formId, (form.latestVersion ?? 0) + 1, def, now);
      });
    },
  };
}
