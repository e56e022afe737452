/** The Fastify instance type routes are written against (zod type provider). */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from './context.js';

export type Api = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/** A capability's routes: registered inside the authenticated /api scope. */
export type ApiModule = (api: Api, ctx: AppContext) => Promise<void>;

/** Something mounted at the root (outside /api), e.g. the embedded OIDC provider or dev pages. */
export type RootModule = (app: Api, ctx: AppContext) => Promise<void>;
