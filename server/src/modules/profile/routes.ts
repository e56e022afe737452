/**
 * The citizen's own profile: `GET/PATCH /api/profile`, `POST /api/profile/email`
 * (start an e-mail change) and `POST /api/profile/email/verify` (public: the
 * token from the mail is the credential). No route takes a person id.
 */
import {
  ChangeEmailRequest,
  ChangeEmailResponse,
  ErrorResponse,
  ProfileResponse,
  UpdateProfileRequest,
  VerifyEmailRequest,
  VerifyEmailResponse,
} from '@ingang/contracts';
import { requireCitizen } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Api } from '../../platform/http.js';
import type { createProfileService } from './service.js';

const errors = { 401: ErrorResponse, 403: ErrorResponse };

export async function profileRoutes(
  api: Api,
  { profiles }: { profiles: ReturnType<typeof createProfileService> },
  ctx: Pick<AppContext, 'rateLimiter'>,
) {
  api.get(
    '/profile',
    {
      schema: {
        tags: ['profile'],
        summary: 'My profile (citizens)',
        response: { 200: ProfileResponse, ...errors },
      },
    },
    async (request) => ({ data: await profiles.get(requireCitizen(request)) }),
  );

  api.patch(
    '/profile',
    {
      schema: {
        tags: ['profile'],
        summary: 'Change phone, notification choices, language or the vårdcentral I am listed at',
        body: UpdateProfileRequest,
        response: { 200: ProfileResponse, 400: ErrorResponse, ...errors },
      },
    },
    async (request) => ({ data: await profiles.update(requireCitizen(request), request.body) }),
  );

  api.post(
    '/profile/email',
    {
      schema: {
        tags: ['profile'],
        summary: 'Start changing my e-mail address: a verification link is mailed to it',
        body: ChangeEmailRequest,
        response: { 202: ChangeEmailResponse, 400: ErrorResponse, 429: ErrorResponse, ...errors },
      },
    },
    async (request, reply) => {
      const result = await profiles.requestEmailChange(requireCitizen(request), request.body.email);
      return reply.status(202).send(result);
    },
  );

  api.post(
    '/profile/email/verify',
    {
      config: { public: true, csrf: false },
      schema: {
        tags: ['profile'],
        summary: 'Confirm an e-mail address with the token from the verification mail (single use, 24 h)',
        body: VerifyEmailRequest,
        response: { 200: VerifyEmailResponse, 400: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request) => {
      // The token has 256 bits, so this only blunts floods; it does not guard the secret.
      await ctx.rateLimiter.hit(`verify-email:${request.ip}`, 30, 'Too many attempts. Try again in a minute.');
      return profiles.verifyEmail(request.body.token);
    },
  );
}
