/**
 * `GET /api/audit/accesses` (citizen: who has looked at my data, or a child's
 * I may act for) and `GET /api/admin/audit` (region administrators' search).
 */
import {
  AdminAuditQuery,
  AdminAuditResponse,
  AuditAccessListResponse,
  AuditAccessQuery,
  ErrorResponse,
} from '@ingang/contracts';
import { requireCitizen, requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { createAuditService } from './service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

export async function auditRoutes(api: Api, { audit }: { audit: ReturnType<typeof createAuditService> }) {
  api.get(
    '/audit/accesses',
    {
      schema: {
        tags: ['audit'],
        summary: 'Vem har tittat på mina uppgifter: staff accesses to my data (or a child I act for), newest first',
        querystring: AuditAccessQuery,
        response: { 200: AuditAccessListResponse, ...errors },
      },
    },
    async (request) => audit.listAccesses(requireCitizen(request), request.query),
  );

  api.get(
    '/admin/audit',
    {
      schema: {
        tags: ['audit', 'admin'],
        summary: 'Search the audit log for follow-up (region administrators); the search is itself logged',
        querystring: AdminAuditQuery,
        response: { 200: AdminAuditResponse, ...errors },
      },
    },
    async (request) => audit.search(requireStaff(request), request.query),
  );
}
