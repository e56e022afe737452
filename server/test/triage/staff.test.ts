import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerAll, CHILD_FEVER, type Json, S, startWorld, type TriageWorld, U, URINARY, yes } from './fixtures.js';

let w: TriageWorld;
beforeAll(async () => {
  w = await startWorld();
  // Start-up (database, migrations, demo seed) can be slow on a shared machine.
}, 180_000);
afterAll(async () => {
  await w.t.close();
});

describe('triage by a nurse on the phone', () => {
  it('gives the same outcome as the patient gets, audited as the nurse', async () => {
    const nurse = await w.staff(S.nurseSolberga, U.vcSolberga);
    const started = await w.t.app.inject({
      method: 'POST',
      url: '/api/staff/triage/sessions',
      headers: nurse,
      payload: { personId: w.ids.anna },
    });
    expect(started.statusCode, started.body).toBe(201);
    const id = started.json().data.session.id;
    await answerAll(w, nurse, '/api/staff/triage', id, URINARY);
    const decided = await w.t.app.inject({
      method: 'POST',
      url: `/api/staff/triage/sessions/${id}/submit`,
      headers: nurse,
      payload: {},
    });
    const staffDecision = decided.json().data.session.decision;

    const anna = await w.citizen('anna');
    const own = (
      await w.t.app.inject({ method: 'POST', url: '/api/triage/sessions', headers: anna, payload: {} })
    ).json().data;
    await answerAll(w, anna, '/api/triage', own.id, URINARY);
    const citizenDecision = (
      await w.t.app.inject({ method: 'POST', url: `/api/triage/sessions/${own.id}/submit`, headers: anna, payload: {} })
    ).json().data.decision;

    const pick = (d: Json) => ({
      route: d.route,
      urgency: d.urgency,
      unit: d.unit,
      profession: d.profession,
      visitForm: d.visitForm,
    });
    expect(pick(staffDecision)).toEqual(pick(citizenDecision));
    const audit = await w.t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_staff_id', 'purpose', 'unit_id'])
      .where('record_id', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', ...URINARY.map(() => 'update'), 'decide']);
    expect(
      audit.every((a) => a.actor_staff_id === S.nurseSolberga && a.purpose === 'care' && a.unit_id === U.vcSolberga),
    ).toBe(true);
    const row = await w.t.ctx.db
      .selectFrom('triage_decisions')
      .select(['channel', 'decided_by_staff_id'])
      .where('session_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ channel: 'staff', decided_by_staff_id: S.nurseSolberga });
  });

  it('needs a care relationship with the patient (refusal recorded)', async () => {
    const other = await w.staff(S.nurseNorrtull, U.vcNorrtull);
    const res = await w.t.app.inject({
      method: 'POST',
      url: '/api/staff/triage/sessions',
      headers: other,
      payload: { personId: w.ids.anna },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('no_care_relationship');
    const refusal = await w.t.ctx.db
      .selectFrom('access_refusals')
      .select('record_type')
      .where('staff_id', '=', S.nurseNorrtull)
      .executeTakeFirst();
    expect(refusal?.record_type).toBe('triage_session');
    const citizen = await w.citizen('anna');
    expect(
      (
        await w.t.app.inject({
          method: 'POST',
          url: '/api/staff/triage/sessions',
          headers: citizen,
          payload: { personId: w.ids.anna },
        })
      ).statusCode,
    ).toBe(403);
  });

  it("opens a patient's decided triage with the answers, records an override; a draft of someone else stays hidden", async () => {
    const anna = await w.citizen('anna');
    const own = (
      await w.t.app.inject({ method: 'POST', url: '/api/triage/sessions', headers: anna, payload: {} })
    ).json().data;
    const draftPeek = await w.t.app.inject({
      method: 'GET',
      url: `/api/staff/triage/sessions/${own.id}`,
      headers: await w.staff(S.nurseSolberga, U.vcSolberga),
    });
    expect(draftPeek.statusCode).toBe(404);
    await w.t.app.inject({
      method: 'PUT',
      url: `/api/triage/sessions/${own.id}/answer`,
      headers: anna,
      payload: { linkId: 'chest-pain', answer: yes },
    });

    const doctor = await w.staff(S.doctor, U.vcSolberga);
    const view = await w.t.app.inject({ method: 'GET', url: `/api/staff/triage/sessions/${own.id}`, headers: doctor });
    expect(view.statusCode).toBe(200);
    expect(view.json().data.response).toMatchObject({ resourceType: 'QuestionnaireResponse', status: 'completed' });
    const decisionId = view.json().data.session.decision.id;

    const override = await w.t.app.inject({
      method: 'POST',
      url: `/api/staff/triage/decisions/${decisionId}/override`,
      headers: doctor,
      payload: { route: 'drop_in_video', urgency: 'same_day', reason: 'Ringde upp: smärtan var muskulär.' },
    });
    expect(override.statusCode, override.body).toBe(200);
    expect(override.json().data.overrides).toEqual([
      expect.objectContaining({ route: 'drop_in_video', staffId: S.doctor }),
    ]);
    const blank = await w.t.app.inject({
      method: 'POST',
      url: `/api/staff/triage/decisions/${decisionId}/override`,
      headers: doctor,
      payload: { route: 'drop_in_video', urgency: 'same_day', reason: ' ' },
    });
    expect(blank.json().error.fields).toHaveProperty('body.reason');
    const norrtull = await w.staff(S.nurseNorrtull, U.vcNorrtull);
    expect(
      (await w.t.app.inject({ method: 'GET', url: `/api/staff/triage/sessions/${own.id}`, headers: norrtull }))
        .statusCode,
    ).toBe(403);

    const report = await w.t.app.inject({
      method: 'GET',
      url: '/api/admin/triage/report?from=2026-12-07&to=2026-12-13',
      headers: await w.staff(S.regionAdmin),
    });
    expect(report.statusCode).toBe(200);
    expect(report.json().data).toEqual([
      expect.objectContaining({
        week: '2026-W50',
        total: 3,
        redFlags: 1,
        overrides: 1,
        byRoute: expect.objectContaining({ call_112: 1, message_unit: 2 }),
      }),
    ]);
    const badRange = await w.t.app.inject({
      method: 'GET',
      url: '/api/admin/triage/report?from=2026-12-13&to=2026-12-07',
      headers: await w.staff(S.regionAdmin),
    });
    expect(badRange.json().error.fields).toHaveProperty('query.to');
  });

  it('the unit a triage was routed to lists the patient and reads the answers (and nobody else)', async () => {
    const anna = await w.citizen('anna');
    const own = (
      await w.t.app.inject({
        method: 'POST',
        url: '/api/triage/sessions',
        headers: anna,
        payload: { subjectId: w.ids.elsa },
      })
    ).json().data;
    await answerAll(w, anna, '/api/triage', own.id, CHILD_FEVER);
    await w.t.app.inject({ method: 'POST', url: `/api/triage/sessions/${own.id}/submit`, headers: anna, payload: {} });

    const bvc = await w.staff(S.bvcNurse, U.bvcSolberga);
    const list = await w.t.app.inject({ method: 'GET', url: '/api/staff/triage/unit', headers: bvc });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().data).toEqual([
      expect.objectContaining({ sessionId: own.id, personId: w.ids.elsa, route: 'drop_in_video', urgency: 'same_day' }),
    ]);
    const listed = await w.t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor_staff_id', '=', S.bvcNurse)
      .where('record_type', '=', 'triage_decision')
      .execute();
    expect(listed.map((r) => r.action)).toEqual(['list']);
    const view = await w.t.app.inject({ method: 'GET', url: `/api/staff/triage/sessions/${own.id}`, headers: bvc });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json().data.session.answers).toHaveProperty('child-temp');
    // Norrtull was not routed to: no relationship, no list entry.
    const norrtull = await w.staff(S.nurseNorrtull, U.vcNorrtull);
    expect(
      (await w.t.app.inject({ method: 'GET', url: '/api/staff/triage/unit', headers: norrtull })).json().data,
    ).toEqual([]);
    expect(
      (await w.t.app.inject({ method: 'GET', url: `/api/staff/triage/sessions/${own.id}`, headers: norrtull }))
        .statusCode,
    ).toBe(403);
  });
});
