/**
 * The embedded IdP's interaction pages (replacing oidc-provider's dev
 * interactions): choose a demo staff account, consent is granted
 * automatically because the only client is the region's own staff portal.
 * The provider's `_interaction` cookie is bound to `<mount>/interaction/<uid>`,
 * so these routes live under that path.
 */
import type { FastifyReply } from 'fastify';
import type Provider from 'oidc-provider';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import type { Api } from '../../platform/http.js';
import { demoLoginPage, errorPage, PAGE_CSP } from './pages.js';
import { findStaffBySubject, listStaff } from './store.js';

const Params = z.object({ uid: z.string().min(1).max(100) });
const LoginBody = z.object({ accountId: z.string().min(1).max(200) });

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

function sendHtml(reply: FastifyReply, status: number, html: string) {
  return reply
    .status(status)
    .header('content-security-policy', PAGE_CSP)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html);
}

/** Registers GET `<mount>/interaction/:uid` and its login and abort forms on `scope`. */
export async function registerInteractionRoutes(
  scope: Api,
  ctx: Pick<AppContext, 'db'>,
  provider: Provider,
  mountPath: string,
) {
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  const base = `${mountPath}/interaction/:uid`;
  const hidden = { hide: true };

  /** The interaction behind the request's cookie, or null when it is missing, expired or another one. */
  async function details(
    request: { raw: Parameters<Provider['interactionDetails']>[0] },
    reply: FastifyReply,
    uid: string,
  ) {
    try {
      const found = await provider.interactionDetails(request.raw, reply.raw);
      return found.uid === uid ? found : null;
    } catch {
      return null;
    }
  }

  const expired = (reply: FastifyReply) =>
    sendHtml(
      reply,
      400,
      errorPage('Inloggningen har gått ut eller är redan avslutad. Börja om från inloggningssidan.'),
    );

  /** Grants the requested OpenID scopes to the first-party portal and finishes the interaction. */
  async function finish(
    request: Parameters<typeof details>[0],
    reply: FastifyReply,
    found: Details,
    accountId: string,
  ) {
    const grant = new provider.Grant({ accountId, clientId: String(found.params.client_id) });
    grant.addOIDCScope(String(found.params.scope ?? 'openid'));
    const grantId = await grant.save();
    const returnTo = await provider.interactionResult(
      request.raw,
      reply.raw,
      { login: { accountId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
    return reply.header('cache-control', 'no-store').redirect(returnTo, 303);
  }

  scope.get(base, { schema: { ...hidden, params: Params } }, async (request, reply) => {
    const found = await details(request, reply, request.params.uid);
    if (!found) return expired(reply);
    // A consent-only prompt (already logged in at the IdP): first-party client, grant at once.
    if (found.prompt.name === 'consent' && found.session?.accountId) {
      return finish(request, reply, found, found.session.accountId);
    }
    const action = `${mountPath}/interaction/${encodeURIComponent(found.uid)}`;
    const staff = await listStaff(ctx.db, { activeOnly: true });
    return sendHtml(
      reply,
      200,
      demoLoginPage({ loginAction: `${action}/login`, abortAction: `${action}/abort`, staff }),
    );
  });

  scope.post(`${base}/login`, { schema: { ...hidden, params: Params } }, async (request, reply) => {
    const found = await details(request, reply, request.params.uid);
    if (!found) return expired(reply);
    const body = LoginBody.safeParse(request.body);
    // Any known person may authenticate here; whether they may use Ingång is the relying party's call.
    const staff = body.success ? await findStaffBySubject(ctx.db, body.data.accountId) : null;
    if (!staff) {
      return sendHtml(reply, 400, errorPage('Kontot finns inte. Välj ett annat konto.'));
    }
    return finish(request, reply, found, staff.oidcSubject);
  });

  scope.post(`${base}/abort`, { schema: { ...hidden, params: Params } }, async (request, reply) => {
    const found = await details(request, reply, request.params.uid);
    if (!found) return expired(reply);
    const returnTo = await provider.interactionResult(
      request.raw,
      reply.raw,
      { error: 'access_denied', error_description: 'The user cancelled the login.' },
      { mergeWithLastSubmission: false },
    );
    return reply.header('cache-control', 'no-store').redirect(returnTo, 303);
  });
}
