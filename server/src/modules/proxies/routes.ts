/**
 * Ombud and acting for others. Citizens: `GET/POST /api/proxies`,
 * `POST /api/proxies/:id/accept`, `POST /api/proxies/:id/end`,
 * `GET /api/subjects/:personId`. Staff: `POST /api/staff/proxies`.
 * All need a session; the POSTs need the CSRF header.
 */
import {
  CreateProxyRequest,
  ErrorResponse,
  ProxyIdParams,
  ProxyListResponse,
  ProxyResponse,
  StaffCreateProxyRequest,
  SubjectPageResponse,
  SubjectParams,
} from '@ingang/contracts';
import { requireCitizen, requireStaff } from '../../platform/auth.js';
import type { Api } from '../../platform/http.js';
import type { createProxyService } from './service.js';
import type { createStaffProxyService } from './staff-service.js';
import type { createSubjectService } from './subjects.js';

const errors = { 401: ErrorResponse, 403: ErrorResponse };
const tags = ['proxies'];

export async function proxyRoutes(
  api: Api,
  {
    proxies,
    staffProxies,
    subjects,
  }: {
    proxies: ReturnType<typeof createProxyService>;
    staffProxies: ReturnType<typeof createStaffProxyService>;
    subjects: ReturnType<typeof createSubjectService>;
  },
) {
  api.get(
    '/proxies',
    {
      schema: {
        tags,
        summary: 'Ombud: the grants I gave and the grants given to me',
        response: { 200: ProxyListResponse, ...errors },
      },
    },
    async (request) => ({ data: await proxies.list(requireCitizen(request)) }),
  );

  api.post(
    '/proxies',
    {
      schema: {
        tags,
        summary: 'Give an adult the right to act for me (scopes, last valid day); pending until they accept',
        body: CreateProxyRequest,
        response: { 201: ProxyResponse, 400: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse, ...errors },
      },
    },
    async (request, reply) => {
      const data = await proxies.create(requireCitizen(request), request.body);
      return reply.status(201).send({ data });
    },
  );

  api.post(
    '/proxies/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept a grant given to me (only the ombud)',
        params: ProxyIdParams,
        response: { 200: ProxyResponse, 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, ...errors },
      },
    },
    async (request) => ({ data: await proxies.accept(requireCitizen(request), request.params.id) }),
  );

  api.post(
    '/proxies/:id/end',
    {
      schema: {
        tags,
        summary: 'End a grant now (either party)',
        params: ProxyIdParams,
        response: { 200: ProxyResponse, 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, ...errors },
      },
    },
    async (request) => ({ data: await proxies.end(requireCitizen(request), request.params.id) }),
  );

  api.post(
    '/staff/proxies',
    {
      schema: {
        tags,
        summary: "Register an ombud on a patient's behalf (active unit with a care relationship; reason required)",
        body: StaffCreateProxyRequest,
        response: { 201: ProxyResponse, 400: ErrorResponse, 409: ErrorResponse, ...errors },
      },
    },
    async (request, reply) => {
      const data = await staffProxies.register(requireStaff(request), request.body);
      return reply.status(201).send({ data });
    },
  );

  api.get(
    '/subjects/:personId',
    {
      schema: {
        tags,
        summary: 'The acting-for switcher: a person I may act for (or myself); 403 with the reason code otherwise',
        params: SubjectParams,
        response: { 200: SubjectPageResponse, 400: ErrorResponse, ...errors },
      },
    },
    async (request) => ({ data: await subjects.page(requireCitizen(request), request.params.personId) }),
  );
}
