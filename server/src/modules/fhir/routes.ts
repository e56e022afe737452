/**
 * `/api/fhir`: the read API and the slot feed, in their own Fastify scope whose
 * error handler answers with an OperationOutcome (FHIR clients expect one)
 * instead of the app's `{ error }` body. Thin: parse, call the service, send.
 */
import { Readable } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/errors.js';
import type { Api } from '../../platform/http.js';
import { operationOutcome } from './bundle.js';
import {
  type FhirReadService,
  PERSON_TYPES,
  type PersonType,
  PUBLIC_TYPES,
  type PublicType,
  SEARCH_PARAMS,
} from './read-service.js';
import { capabilityStatement } from './resources/capability.js';
import type { Served, SlotFeedService } from './slot-feed/service.js';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

type Query = Record<string, string | string[] | undefined>;

function send(reply: FastifyReply, status: number, body: unknown) {
  return reply.status(status).type(FHIR_JSON).send(JSON.stringify(body));
}

/** The etag of the gzipped representation (a strong validator names one set of bytes). */
const gzipTag = (etag: string) => etag.replace(/"$/, '-gz"');

/**
 * A cached feed answer with its validators; 304 when the client already has it.
 * Gzipped bytes go to clients that accept them (finders poll large files).
 */
function sendCached(request: FastifyRequest, reply: FastifyReply, served: Served, type: string) {
  const accepts = served.gzip !== undefined && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  const etag = accepts ? gzipTag(served.etag) : served.etag;
  reply
    .header('etag', etag)
    .header('last-modified', served.lastModified.toUTCString())
    .header('cache-control', 'public, max-age=30')
    .header('vary', 'accept-encoding');
  const inm = request.headers['if-none-match'];
  const ims = request.headers['if-modified-since'];
  const notModified = inm
    ? inm.split(',').some((t) => {
        const tag = t.trim();
        return tag === served.etag || tag === gzipTag(served.etag) || tag === '*';
      })
    : ims !== undefined &&
      !Number.isNaN(Date.parse(ims)) &&
      Math.floor(served.lastModified.getTime() / 1000) <= Date.parse(ims) / 1000;
  if (notModified) return reply.status(304).send();
  if (accepts && served.gzip) reply.header('content-encoding', 'gzip');
  const body = accepts && served.gzip ? served.gzip : served.body;
  if (Buffer.isBuffer(body)) return reply.status(200).type(type).send(body);
  // A stored file: a chunk at a time from the feed's cache or the database, never whole in memory.
  return reply.status(200).type(type).header('content-length', body.length).send(Readable.from(body.open()));
}

export interface FhirRouteDeps {
  read: FhirReadService;
  feed: SlotFeedService;
  publicUrl: string;
  now: () => Date;
}

export function fhirRoutes(deps: FhirRouteDeps) {
  return async (api: Api) => {
    await api.register(
      async (fhir) => {
        fhir.setErrorHandler((error: FastifyError | AppError, request, reply) => {
          if (error instanceof AppError)
            return send(reply, error.status, operationOutcome(error.status, error.code, error.message, error.fields));
          if (hasZodFastifySchemaValidationErrors(error)) {
            return send(reply, 400, operationOutcome(400, 'invalid_input', error.message));
          }
          const status = error.statusCode ?? 500;
          if (status >= 500) request.log.error({ err: error }, 'fhir request failed');
          return send(
            reply,
            status,
            operationOutcome(
              status,
              status >= 500 ? 'internal' : 'request_error',
              status >= 500 ? 'Something went wrong on our side.' : error.message,
            ),
          );
        });
        const tags = ['fhir'];

        fhir.get(
          '/metadata',
          { config: { public: true }, schema: { tags, summary: 'CapabilityStatement (FHIR R4)' } },
          async (_request, reply) =>
            send(reply, 200, capabilityStatement(deps.publicUrl, SEARCH_PARAMS, PUBLIC_TYPES, deps.now())),
        );

        fhir.get(
          '/$bulk-publish',
          {
            config: { public: true },
            schema: {
              tags,
              summary: 'SMART Scheduling Links manifest of free and busy times (public)',
              description:
                'Location, Schedule and Slot NDJSON files; Slot files per time type × municipality. `municipality` and `serviceType` (a time type code) narrow the Slot outputs; `_since` lists only files changed after that instant. Send `If-None-Match` to get 304 when nothing changed.',
            },
          },
          async (request, reply) =>
            sendCached(
              request,
              reply,
              await deps.feed.manifest(request.query as Query),
              'application/json; charset=utf-8',
            ),
        );

        fhir.get(
          '/bulk/:file',
          { config: { public: true }, schema: { tags, summary: 'One NDJSON file of the slot feed (public)' } },
          async (request, reply) =>
            sendCached(
              request,
              reply,
              await deps.feed.file((request.params as { file: string }).file),
              'application/fhir+ndjson; charset=utf-8',
            ),
        );

        for (const type of [...PUBLIC_TYPES, ...PERSON_TYPES]) {
          const open = (PUBLIC_TYPES as readonly string[]).includes(type);
          const config = { public: open };
          const who = open ? 'public' : 'login; audit-logged';
          fhir.get(
            `/${type}`,
            { config, schema: { tags, summary: `Search ${type} (${who})` } },
            async (request, reply) =>
              send(
                reply,
                200,
                await deps.read.search(request.actor, type as PublicType | PersonType, request.query as Query),
              ),
          );
          fhir.get(
            `/${type}/:id`,
            { config, schema: { tags, summary: `Read ${type} (${who})` } },
            async (request, reply) =>
              send(
                reply,
                200,
                await deps.read.read(
                  request.actor,
                  type as PublicType | PersonType,
                  (request.params as { id: string }).id,
                ),
              ),
          );
        }

        // Any other type: 404 with an OperationOutcome (public, so the answer does not depend on a login).
        const unknown = async (request: FastifyRequest) => {
          const type = (request.params as { type: string }).type;
          throw new AppError(404, 'unknown_resource_type', `Resource type ${type} is not supported here.`);
        };
        fhir.get('/:type', { config: { public: true }, schema: { hide: true } }, unknown);
        fhir.get('/:type/:id', { config: { public: true }, schema: { hide: true } }, unknown);
      },
      { prefix: '/fhir' },
    );
  };
}
