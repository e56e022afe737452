/** Reading uploads and sending stored files, shared by the citizen and staff routes. */
import multipart from '@fastify/multipart';
import { MESSAGING_LIMITS } from '@ingang/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../../platform/errors.js';
import type { Api } from '../../platform/http.js';
import type { Upload } from './attachments.js';

/** Room for multipart framing around a 10 MB file. */
export const UPLOAD_BODY_LIMIT = MESSAGING_LIMITS.attachmentMaxBytes + 256 * 1024;

/** What an upload route reads (anything else is a 415 before the body is read, platform/body-limits.ts). */
export const UPLOAD_BODY_TYPES = [
  'multipart/form-data',
  'application/octet-stream',
  'image/jpeg',
  'image/jpg',
  'image/pjpeg',
  'image/png',
  'image/heic',
  'image/heif',
  'application/pdf',
] as const;

/** Reads an upload: a multipart part named `file`, or the raw body (named by `?filename=`). */
export async function readUpload(request: FastifyRequest, filename: string | undefined): Promise<Upload> {
  if (request.isMultipart()) {
    const part = await request.file();
    if (!part) throw badRequest('invalid_input', 'Välj en fil.', { file: 'required' });
    return { data: await part.toBuffer(), filename: part.filename, declaredType: part.mimetype };
  }
  const body = request.body;
  if (!Buffer.isBuffer(body) || body.length === 0) throw badRequest('empty_file', 'Välj en fil.', { file: 'required' });
  return { data: body, filename, declaredType: request.headers['content-type'] };
}

/** Sends a stored file: never cached, never sniffed, pictures inline and PDFs as downloads. */
export function sendFile(reply: FastifyReply, file: { data: Buffer; contentType: string; filename: string }) {
  const disposition = file.contentType === 'application/pdf' ? 'attachment' : 'inline';
  return reply
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header(
      'content-disposition',
      `${disposition}; filename="${file.filename.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    )
    .type(file.contentType)
    .send(file.data);
}

/** Parsers for uploads, only inside the messaging scope. */
export async function installUploadParsers(scope: Api) {
  await scope.register(multipart, {
    limits: { fileSize: MESSAGING_LIMITS.attachmentMaxBytes, files: 1, fields: 5, parts: 6 },
  });
  scope.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: MESSAGING_LIMITS.attachmentMaxBytes },
    (_req, body, done) => done(null, body),
  );
}
