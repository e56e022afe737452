/**
 * The embedded OpenID Provider (oidc-provider v9) for development and tests:
 * mounted at the issuer's path (default `/oidc`) in this same server, with
 * the `staff` table as its accounts and a demo picker instead of a password.
 *
 * Development only: the factory throws in production mode (config.ts refuses
 * OIDC_EMBEDDED there as well). Its state (sessions, codes, grants) lives in
 * oidc-provider's in-memory adapter and its signing key and cookie keys are
 * random per process, so it is single-instance: a restart logs staff out of the
 * IdP (not out of Ingång, whose sessions are in the database).
 *
 * The client: public (`token_endpoint_auth_method: 'none'`) unless
 * OIDC_CLIENT_SECRET is set, in which case it is confidential with that secret
 * (`client_secret_basic`) — the relying party uses the same rule. PKCE is
 * required for every request and oidc-provider v9 accepts only S256.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Provider, { type ClientMetadata, type Configuration, interactionPolicy } from 'oidc-provider';
import type { AppContext } from '../../platform/context.js';
import type { Api } from '../../platform/http.js';
import { registerInteractionRoutes } from './interactions.js';
import { errorPage, loggedOutPage, logoutPage, PAGE_CSP } from './pages.js';
import { CALLBACK_PATH } from './service.js';
import { findStaffBySubject } from './store.js';

export interface EmbeddedProvider {
  provider: Provider;
  /** Path the provider is mounted at, from the issuer URL (e.g. '/oidc'). */
  mountPath: string;
}

/** Builds the development IdP. Throws in production mode and for an issuer at the site root. */
export function createEmbeddedProvider(ctx: Pick<AppContext, 'config' | 'db' | 'log'>): EmbeddedProvider {
  const { config, db, log } = ctx;
  if (config.mode === 'production') {
    throw new Error('The embedded OIDC provider is for development only and cannot run in production mode.');
  }
  const mountPath = new URL(config.oidc.issuer).pathname.replace(/\/+$/, '');
  if (mountPath === '') throw new Error('The embedded OIDC issuer needs a path (e.g. /oidc), not the site root.');

  // Ask who is logging in on every authorization request, so the demo can switch accounts;
  // on resume the interaction's own login result satisfies it.
  const policy = interactionPolicy.base();
  policy
    .get('login')
    ?.checks.add(
      new interactionPolicy.Check('demo_choose_account', 'the demo IdP asks for an account every time', (c) =>
        c.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const client: ClientMetadata = {
    client_id: config.oidc.clientId,
    redirect_uris: [`${config.publicUrl}${CALLBACK_PATH}`],
    post_logout_redirect_uris: [`${config.publicUrl}/staff`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    ...(config.oidc.clientSecret
      ? { client_secret: config.oidc.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }
      : { token_endpoint_auth_method: 'none' }),
  };

  const configuration: Configuration = {
    clients: [client],
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'email'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'title', 'hsa_id'],
      email: ['email', 'email_verified'],
    },
    async findAccount(_ctx, sub) {
      const staff = await findStaffBySubject(db, sub);
      if (!staff) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          name: `${staff.givenName} ${staff.familyName}`,
          given_name: staff.givenName,
          family_name: staff.familyName,
          title: staff.title,
          hsa_id: staff.hsaId,
          email: staff.email,
          email_verified: true,
        }),
      };
    },
    interactions: {
      policy,
      url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(c, form) {
          c.type = 'html';
          c.set('content-security-policy', PAGE_CSP);
          c.body = logoutPage(form);
        },
        postLogoutSuccessSource(c) {
          c.type = 'html';
          c.set('content-security-policy', PAGE_CSP);
          c.body = loggedOutPage();
        },
      },
    },
    renderError(c, out) {
      c.type = 'html';
      c.set('content-security-policy', PAGE_CSP);
      c.body = errorPage('Inloggningstjänsten kunde inte behandla begäran. Börja om från inloggningssidan.', out.error);
    },
    // Dev-only secrets, fresh per process.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: [{ ...signingKey, use: 'sig', alg: 'RS256', kid: randomBytes(8).toString('hex') }] },
    ttl: {
      AccessToken: 10 * 60,
      AuthorizationCode: 60,
      IdToken: 10 * 60,
      Interaction: 10 * 60,
      Session: 8 * 60 * 60,
      Grant: 8 * 60 * 60,
    },
  };
  const provider = new Provider(config.oidc.issuer, configuration);
  provider.on('server_error', (_c, error) => log.error({ err: error }, 'embedded OIDC provider error'));
  return { provider, mountPath };
}

/**
 * Hands a request to the provider's Koa app the way a mounting framework would:
 * strip the mount path from `req.url` and keep the full path in `req.originalUrl`,
 * from which oidc-provider derives its own URLs.
 */
function forwardTo(callback: ReturnType<Provider['callback']>, mountPath: string) {
  return (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    const raw = request.raw as IncomingMessage & { originalUrl?: string };
    const url = raw.url ?? mountPath;
    raw.originalUrl = url;
    const rest = url.slice(mountPath.length);
    raw.url = rest.startsWith('/') ? rest : `/${rest}`;
    void callback(raw, reply.raw);
  };
}

/** Mounts the embedded IdP and its interaction pages at the root (the module does so when config.oidc.embedded is on). */
export async function mountEmbeddedProvider(app: Api, ctx: Pick<AppContext, 'config' | 'db' | 'log'>) {
  const { provider, mountPath } = createEmbeddedProvider(ctx);
  const callback = provider.callback();
  await app.register(async (scope) => {
    // oidc-provider reads request bodies itself: leave the stream untouched.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const forward = forwardTo(callback, mountPath);
    scope.all(mountPath, { schema: { hide: true } }, forward);
    scope.all(`${mountPath}/*`, { schema: { hide: true } }, forward);
  });
  await app.register(async (scope) => registerInteractionRoutes(scope as Api, ctx, provider, mountPath));
}
