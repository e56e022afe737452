/**
 * Simulator-only endpoints, registered only when the simulator runs (otherwise
 * they do not exist: JSON 404). The tester API plays the person's BankID app;
 * the RP endpoints speak BankID's own v6 protocol so the real client
 * (rp-client.ts) can be exercised end to end against the simulator.
 */
import {
  DevBankIdApproveRequest,
  DevBankIdDecisionResponse,
  DevBankIdOrdersQuery,
  DevBankIdOrdersResponse,
  DevBankIdRefuseRequest,
  ErrorResponse,
} from '@ingang/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorAnswer } from '../../platform/error-handler.js';
import type { Api } from '../../platform/http.js';
import { BankIdApiError, RP_ERROR_STATUS } from './client.js';
import type { BankIdSimulator } from './simulator.js';

const open = { public: true, csrf: false } as const;

/** `POST /api/dev/bankid/approve|refuse`, `GET /api/dev/bankid/orders`: the tester's side. */
export function registerSimulatorTesterRoutes(api: Api, sim: BankIdSimulator) {
  const tags = ['dev'];
  api.post(
    '/dev/bankid/approve',
    {
      config: open,
      schema: {
        tags,
        summary: 'Simulator: identify as a person on a pending order',
        body: DevBankIdApproveRequest,
        response: { 200: DevBankIdDecisionResponse, 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => {
      await sim.approve(request.body.orderRef, request.body.personalNumber);
      return { orderRef: request.body.orderRef, status: 'complete' as const };
    },
  );

  api.post(
    '/dev/bankid/refuse',
    {
      config: open,
      schema: {
        tags,
        summary: 'Simulator: fail a pending order with a hint code',
        body: DevBankIdRefuseRequest,
        response: { 200: DevBankIdDecisionResponse, 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => {
      await sim.refuse(request.body.orderRef, request.body.hintCode);
      return { orderRef: request.body.orderRef, status: 'failed' as const };
    },
  );

  api.get(
    '/dev/bankid/orders',
    {
      config: open,
      schema: {
        tags,
        summary: 'Simulator: pending orders, or the order behind an autoStartToken',
        querystring: DevBankIdOrdersQuery,
        response: { 200: DevBankIdOrdersResponse, 400: ErrorResponse },
      },
    },
    async (request) => ({ data: await sim.orders({ autoStartToken: request.query.autoStartToken }) }),
  );
}

const RpError = z.object({ errorCode: z.string(), details: z.string() });
const RpOrderBody = z.object({ orderRef: z.string().min(1).max(100) });
const RpAuthBody = z.object({
  endUserIp: z.string().min(1).max(64),
  requirement: z
    .object({ personalNumber: z.string().regex(/^\d{12}$/) })
    .partial()
    .optional(),
});
const RpAuthAnswer = z.object({
  orderRef: z.string(),
  autoStartToken: z.string(),
  qrStartToken: z.string(),
  qrStartSecret: z.string(),
});
const RpCollectAnswer = z.object({
  orderRef: z.string(),
  status: z.enum(['pending', 'failed', 'complete']),
  hintCode: z.string().optional(),
  completionData: z
    .object({
      user: z.object({ personalNumber: z.string(), name: z.string(), givenName: z.string(), surname: z.string() }),
      device: z.object({ ipAddress: z.string() }),
      bankIdIssueDate: z.string(),
      signature: z.string(),
      ocspResponse: z.string(),
    })
    .optional(),
});

/** Errors in BankID's shape `{ errorCode, details }` with BankID's HTTP statuses. */
function rpErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof BankIdApiError) {
    return reply
      .status(RP_ERROR_STATUS[error.errorCode] ?? 500)
      .send({ errorCode: error.errorCode, details: error.details });
  }
  // Statuses as the one handler decides them (media type, body size, database refusals of the input).
  const { status } = errorAnswer(error, request.log);
  if (status === 415) return reply.status(415).send({ errorCode: 'unsupportedMediaType', details: error.message });
  if (status < 500) return reply.status(400).send({ errorCode: 'invalidParameters', details: 'Invalid parameters' });
  return reply.status(500).send({ errorCode: 'internalError', details: 'Internal error' });
}

/** `POST /api/dev/bankid-rp/rp/v6.0/auth|collect|cancel`: the simulator over BankID's wire protocol. */
export function registerSimulatorRpRoutes(api: Api, sim: BankIdSimulator) {
  const base = '/dev/bankid-rp/rp/v6.0';
  const tags = ['dev'];
  const errors = { 400: RpError, 404: RpError, 415: RpError, 500: RpError };
  api.post(
    `${base}/auth`,
    {
      config: open,
      errorHandler: rpErrorHandler,
      schema: {
        tags,
        summary: 'Simulated RP API v6 /auth',
        body: RpAuthBody,
        response: { 200: RpAuthAnswer, ...errors },
      },
    },
    async (request) =>
      sim.auth({ endUserIp: request.body.endUserIp, personalNumber: request.body.requirement?.personalNumber }),
  );
  api.post(
    `${base}/collect`,
    {
      config: open,
      errorHandler: rpErrorHandler,
      schema: {
        tags,
        summary: 'Simulated RP API v6 /collect',
        body: RpOrderBody,
        response: { 200: RpCollectAnswer, ...errors },
      },
    },
    // Another relying party reads this answer: name the user from the population registry.
    async (request) => sim.collectNamed(request.body.orderRef),
  );
  api.post(
    `${base}/cancel`,
    {
      config: open,
      errorHandler: rpErrorHandler,
      schema: {
        tags,
        summary: 'Simulated RP API v6 /cancel',
        body: RpOrderBody,
        response: { 200: z.object({}), ...errors },
      },
    },
    async (request) => {
      await sim.cancel(request.body.orderRef);
      return {};
    },
  );
}
