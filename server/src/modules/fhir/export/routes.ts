/** "Ladda ner mina uppgifter": order an export, list them, download the Bundle or the summary. */
import {
  CreateExportRequest,
  ErrorResponse,
  ExportListResponse,
  ExportParams,
  ExportResponse,
} from '@ingang/contracts';
import { requireCitizen } from '../../../platform/auth.js';
import type { Api } from '../../../platform/http.js';
import type { ExportService } from './service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const tags = ['fhir'];

export function exportRoutes(exports: ExportService) {
  return async (api: Api) => {
    api.post(
      '/my-data/exports',
      {
        schema: {
          tags,
          summary: 'Order "download my data" for myself or a child I am guardian of (built in the background)',
          body: CreateExportRequest,
          response: { 202: ExportResponse, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(202).send({ data: await exports.request(requireCitizen(request), request.body.subjectPersonId) }),
    );

    api.get(
      '/my-data/exports',
      {
        schema: {
          tags,
          summary: 'My ordered exports and their state',
          response: { 200: ExportListResponse, ...errors },
        },
      },
      async (request) => ({ data: await exports.list(requireCitizen(request)) }),
    );

    const file =
      (part: 'bundle' | 'summary') =>
      async (
        request: { params: { id: string } } & Parameters<typeof requireCitizen>[0],
        reply: import('fastify').FastifyReply,
      ) => {
        const body = await exports.download(requireCitizen(request), request.params.id, part);
        const name = part === 'bundle' ? 'mina-uppgifter.fhir.json' : 'mina-uppgifter.html';
        return reply
          .header('content-disposition', `attachment; filename="${name}"`)
          .header('cache-control', 'no-store')
          .type(part === 'bundle' ? 'application/fhir+json; charset=utf-8' : 'text/html; charset=utf-8')
          .send(body);
      };
    const fileErrors = { ...errors, 409: ErrorResponse, 410: ErrorResponse };
    api.get(
      '/my-data/exports/:id/bundle.json',
      {
        schema: {
          tags,
          summary: 'The export as a FHIR R4 Bundle (only for the person who ordered it, until it expires)',
          params: ExportParams,
          response: fileErrors,
        },
      },
      file('bundle'),
    );
    api.get(
      '/my-data/exports/:id/summary.html',
      {
        schema: { tags, summary: 'The export as a readable HTML summary', params: ExportParams, response: fileErrors },
      },
      file('summary'),
    );
  };
}
