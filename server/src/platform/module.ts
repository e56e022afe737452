/**
 * The shape every module's public face (`modules/<m>/index.ts`) returns. A module
 * exports one factory, `createXModule(deps)`, that takes exactly what it uses
 * (platform parts and the public faces of the modules it needs) and returns its
 * services plus the parts below; app.ts wires the factories once, in dependency
 * order, and registers these parts itself — no module mounts, schedules or
 * registers anything as a side effect.
 */
import type { z } from 'zod';
import type { Api } from './http.js';
import type { JobInfo } from './jobs.js';
import type { RelationshipSource } from './patient-access.js';

/** A background job kind the module handles; the payload is parsed with `schema` before `handle`. */
export interface JobSpec<T = unknown> {
  kind: string;
  schema: z.ZodType<T>;
  handle(payload: T, job: JobInfo): Promise<void>;
  /** Replace the payload with `{}` once finished (it holds personal data or secrets). */
  scrubPayload?: boolean;
  /** Nobody waits for it (reminders, notices, exports): during a rush it may wait (jobs.ts `deferDuring`). */
  deferInRush?: boolean;
}

/**
 * Recurring work (sweeps, purges, and jobs derived from other rows: the booking reminder sweep).
 * Runs on every instance (schedules.ts); it must be idempotent.
 */
export interface ScheduleSpec {
  name: string;
  everyMs: number;
  run(): Promise<void>;
  /** Nobody waits for it (purges, exports): during a rush its runs wait, a run at least every 15 min. */
  deferInRush?: boolean;
}

/** A care-relationship source the module contributes to the staff patient-access gate. */
export interface AccessSourceSpec {
  name: string;
  source: RelationshipSource;
}

/** What app.ts registers for a module. Every part is optional. */
export interface ModuleParts {
  /** Registered inside the authenticated `/api` scope (deny by default). */
  routes?: (api: Api) => Promise<void>;
  /** Mounted at the root, outside `/api` (e.g. the embedded OIDC provider). */
  rootRoutes?: (app: Api) => Promise<void>;
  jobs?: JobSpec<never>[];
  schedules?: ScheduleSpec[];
  accessSources?: AccessSourceSpec[];
  /** Called when the app closes, in reverse order of wiring. */
  close?: () => Promise<void> | void;
}

/** Helps a factory declare a job with its payload type inferred from the schema. */
export function defineJob<S extends z.ZodType>(spec: JobSpec<z.infer<S>> & { schema: S }): JobSpec<never> {
  return spec as unknown as JobSpec<never>;
}
