/** The public open dataset: JSON and CSV (no login; aggregated and suppressed). */
import { ErrorResponse, OpenDataQuery, OpenDataResponse } from '@ingang/contracts';
import type { Api } from '../../../platform/http.js';
import type { OpenDataService } from './service.js';
import { peaksCsv, toCsv } from './suppress.js';

export function openDataRoutes(openData: OpenDataService) {
  return async (api: Api) => {
    const schema = {
      tags: ['open-data'],
      querystring: OpenDataQuery,
    };
    api.get(
      '/open-data/slots.json',
      {
        config: { public: true },
        schema: {
          ...schema,
          summary: 'Daily open data: places per unit, time type and day, median lead time (JSON, CC0)',
          response: { 200: OpenDataResponse, 400: ErrorResponse, 404: ErrorResponse },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'public, max-age=300');
        return openData.dataset(request.query.day);
      },
    );
    api.get(
      '/open-data/slots.csv',
      {
        config: { public: true },
        schema: { ...schema, summary: 'The same dataset as CSV (text/csv)' },
      },
      async (request, reply) => {
        const data = await openData.dataset(request.query.day);
        return reply
          .header('cache-control', 'public, max-age=300')
          .header('content-disposition', `inline; filename="ingang-oppna-data-${data.day}.csv"`)
          .type('text/csv; charset=utf-8')
          .send(toCsv(data.rows));
      },
    );
    api.get(
      '/open-data/waiting-room.csv',
      {
        config: { public: true },
        schema: {
          ...schema,
          summary: "The waiting room's busiest moment per room and day: queue length, arrivals, admissions (text/csv)",
        },
      },
      async (request, reply) => {
        const data = await openData.dataset(request.query.day);
        return reply
          .header('cache-control', 'public, max-age=300')
          .header('content-disposition', `inline; filename="ingang-ko-${data.day}.csv"`)
          .type('text/csv; charset=utf-8')
          .send(peaksCsv(data.waitingRoomPeaks));
      },
    );
  };
}
