/** The export's background job: builds the documents; on the last failed attempt marks the export failed. */
import { z } from 'zod';
import { defineJob, type JobSpec } from '../../../platform/module.js';
import { EXPORT_JOB, type ExportService } from './service.js';

const ExportPayload = z.object({ exportId: z.uuid() });

export function exportJobs(exports: ExportService): JobSpec<never>[] {
  return [
    defineJob({
      kind: EXPORT_JOB,
      deferInRush: true,
      schema: ExportPayload,
      async handle(payload, job) {
        try {
          await exports.build(payload.exportId);
        } catch (error) {
          if (job.attempt >= job.maxAttempts) await exports.fail(payload.exportId);
          throw error;
        }
      },
    }),
  ];
}
