/**
 * Attachments: checked by content, cleaned, stored, and served only to people
 * who may see the conversation.
 *
 * Upload: at most 10 MB; the type comes from the first bytes (JPEG, PNG, HEIC,
 * PDF), and a name or declared type that claims something else is refused as
 * forged. Pictures are decoded and re-encoded with sharp — which drops every
 * metadata block (EXIF with GPS position, XMP, IPTC, comments) after turning
 * the picture upright — and HEIC becomes JPEG (heic-convert) on the way.
 * Stored under a random key through FileStorage; the row links it to the
 * uploader until it is sent with a message.
 */
import { createHash } from 'node:crypto';
import { MESSAGING_LIMITS } from '@ingang/contracts';
import { cleanFilename, type SniffedType, sniffContentType } from '@ingang/domain';
import heicConvert from 'heic-convert';
import sharp from 'sharp';
import { createActingFor } from '../../platform/acting-for.js';
import { recordAudit } from '../../platform/audit.js';
import type { CitizenActor, StaffActor } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { uuid } from '../../platform/db/helpers.js';
import type { Queryable } from '../../platform/db/index.js';
import { AppError, badRequest, notFound, tooMany } from '../../platform/errors.js';
import { patientTransaction, requireUnitCare } from '../../platform/patient-access.js';
import { type FileStorage, newStorageKey } from '../../platform/storage.js';
import * as fileStore from './attachment-store.js';
import { DEMO_PICTURE_KEY, demoPicture } from './demo-picture.js';
import type { AttachmentRow } from './store.js';
import { attachmentView } from './view.js';

type StoredType = 'image/jpeg' | 'image/png' | 'application/pdf';
type Deps = Pick<AppContext, 'db' | 'clock' | 'registry' | 'config' | 'access'>;

const EXTENSIONS: Record<string, SniffedType> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jfif: 'image/jpeg',
  png: 'image/png',
  heic: 'image/heic',
  heif: 'image/heic',
  pdf: 'application/pdf',
};
const DECLARED: Record<string, SniffedType> = {
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/png': 'image/png',
  'image/heic': 'image/heic',
  'image/heif': 'image/heic',
  'application/pdf': 'application/pdf',
};
const MAX_SIDE = 3000;

export interface Upload {
  data: Buffer;
  filename?: string;
  /** The type the client declared (Content-Type of the body or the multipart part). */
  declaredType?: string;
}

const forged = () =>
  badRequest(
    'forged_file_type',
    'Filens innehåll stämmer inte med filtypen. Välj en bild (JPEG, PNG, HEIC) eller en PDF.',
    {
      file: 'the content does not match the file type',
    },
  );

/** Checks and cleans an upload: the stored bytes, their type, and a picture's size. */
export async function processUpload(upload: Upload) {
  const { data } = upload;
  if (data.length === 0) throw badRequest('empty_file', 'Filen är tom.', { file: 'empty' });
  if (data.length > MESSAGING_LIMITS.attachmentMaxBytes) {
    throw new AppError(413, 'file_too_large', 'Filen är för stor. Den får vara högst 10 MB.', {
      file: 'at most 10 MB',
    });
  }
  const sniffed = sniffContentType(data);
  if (!sniffed) {
    throw badRequest('unsupported_file_type', 'Det går bara att skicka bilder (JPEG, PNG, HEIC) och PDF-filer.', {
      file: 'only JPEG, PNG, HEIC or PDF',
    });
  }
  const family = (t: SniffedType) => (t === 'image/heic' ? 'image/jpeg' : t);
  const ext = upload.filename?.toLowerCase().match(/\.([a-z0-9]{1,5})$/)?.[1];
  // A HEIC from an iPhone is often named .jpg (the phone converts late): HEIC and JPEG count as one family.
  if (ext && EXTENSIONS[ext] && family(EXTENSIONS[ext]) !== family(sniffed)) throw forged();
  if (ext && !EXTENSIONS[ext]) throw forged();
  const declared = upload.declaredType?.split(';')[0]?.trim().toLowerCase();
  if (declared && DECLARED[declared] && family(DECLARED[declared]) !== family(sniffed)) throw forged();

  if (sniffed === 'application/pdf') {
    return { data, contentType: 'application/pdf' as StoredType, width: null, height: null, ext: 'pdf' };
  }
  let source = data;
  if (sniffed === 'image/heic') {
    try {
      source = Buffer.from(await heicConvert({ buffer: data, format: 'JPEG', quality: 0.9 }));
    } catch {
      throw badRequest('unreadable_file', 'Bilden gick inte att läsa.', { file: 'unreadable picture' });
    }
  }
  const png = sniffed === 'image/png';
  try {
    const pipeline = sharp(source, { failOn: 'error', limitInputPixels: 100_000_000 })
      .rotate()
      .resize(MAX_SIDE, MAX_SIDE, { fit: 'inside', withoutEnlargement: true });
    const out = await (png ? pipeline.png({ compressionLevel: 8 }) : pipeline.jpeg({ quality: 85 })).toBuffer({
      resolveWithObject: true,
    });
    return {
      data: out.data,
      contentType: (png ? 'image/png' : 'image/jpeg') as StoredType,
      width: out.info.width,
      height: out.info.height,
      ext: png ? 'png' : 'jpg',
    };
  } catch {
    throw badRequest('unreadable_file', 'Bilden gick inte att läsa.', { file: 'unreadable picture' });
  }
}

/** The display name: the cleaned original, with the extension of what is stored. */
function storedName(filename: string | undefined, ext: string): string {
  const base = cleanFilename(filename, `bilaga.${ext}`).replace(/\.[a-z0-9]{1,5}$/i, '');
  return `${base || 'bilaga'}.${ext}`;
}

export function createAttachmentService(deps: Deps, storage: FileStorage) {
  const { db, clock, access } = deps;
  const actingFor = createActingFor(deps);

  async function save(upload: Upload) {
    const cleaned = await processUpload(upload);
    const key = newStorageKey();
    await storage.put(key, cleaned.data, cleaned.contentType);
    const row = {
      id: uuid(),
      storage_key: key,
      filename: storedName(upload.filename, cleaned.ext),
      content_type: cleaned.contentType,
      size_bytes: cleaned.data.length,
      width: cleaned.width,
      height: cleaned.height,
      sha256: createHash('sha256').update(cleaned.data).digest('hex'),
      created_at: clock.now(),
    };
    return { key, row, cleaned };
  }

  const toView = (r: {
    id: string;
    filename: string;
    content_type: StoredType;
    size_bytes: number;
    width: number | null;
    height: number | null;
  }) =>
    attachmentView({
      id: r.id,
      messageId: null,
      filename: r.filename,
      contentType: r.content_type,
      sizeBytes: r.size_bytes,
      width: r.width,
      height: r.height,
    } satisfies AttachmentRow);

  /** 429 when the uploader already has the most unsent uploads allowed (they are swept after a day). */
  async function requirePendingRoom(column: 'uploaded_by_person_id' | 'uploaded_by_staff_id', id: string) {
    if ((await fileStore.pendingUploadCount(db, column, id)) >= MESSAGING_LIMITS.pendingUploadsPerUploader) {
      throw tooMany('Du har många bilagor som inte skickats än. Skicka dem i ett meddelande först.', 3600);
    }
  }

  async function read(row: { storage_key: string; content_type: StoredType; filename: string }) {
    let data = await storage.get(row.storage_key);
    // The demo picture is drawn into the storage on first use (the seed has no storage; never in production).
    if (!data && row.storage_key === DEMO_PICTURE_KEY && deps.config.mode !== 'production') {
      data = await demoPicture();
      await storage.put(row.storage_key, data, row.content_type);
    }
    if (!data) throw notFound('attachment');
    return { data, contentType: row.content_type, filename: row.filename };
  }

  return {
    /**
     * Holds a citizen's own unsent picture for another module's record (a
     * triage answer), in the caller's transaction. The same picture held by
     * the same record again is fine. Not theirs, sent, held elsewhere → 400;
     * a PDF → 415.
     */
    async holdUpload(
      q: Queryable,
      a: {
        attachmentId: string;
        uploaderPersonId: string;
        subjectPersonId: string;
        holder: 'triage';
        ref: string;
        /** The field the caller's errors name (default `attachmentId`). */
        field?: string;
      },
    ): Promise<{ id: string; contentType: 'image/jpeg' | 'image/png' }> {
      const field = a.field ?? 'attachmentId';
      const held =
        (await fileStore.holdUpload(q, a)) ?? (await fileStore.heldAttachment(q, a.holder, a.ref, a.attachmentId));
      if (!held) {
        throw badRequest('photo_not_found', 'Bilden hittades inte. Ladda upp den igen.', {
          [field]: 'no such upload of yours',
        });
      }
      if (held.content_type !== 'image/jpeg' && held.content_type !== 'image/png') {
        throw new AppError(415, 'photo_not_image', 'Det går bara att bifoga en bild (JPEG, PNG, HEIC).', {
          [field]: 'only a picture',
        });
      }
      return { id: held.id, contentType: held.content_type };
    },

    /** The bytes of a held upload; the caller has checked who may see it and audited it. */
    async readHeld(q: Queryable, holder: 'triage', ref: string, id: string) {
      const row = await fileStore.heldAttachment(q, holder, ref, id);
      if (!row) throw notFound('attachment');
      return row;
    },

    /** Reads a held row's file from storage (after the caller's transaction). */
    readFile: (row: { storage_key: string; content_type: StoredType; filename: string }) => read(row),

    /** Lets go of uploads held by these records (except `keep`): the purge of unsent uploads removes them later. */
    releaseHeld: (q: Queryable, holder: 'triage', refs: string[], keep: string[] = []) =>
      fileStore.releaseHeld(q, holder, refs, keep),

    /** A citizen's upload for the subject (checked with the acting-for gate first). */
    async uploadAsCitizen(actor: CitizenActor, subjectId: string | undefined, upload: Upload) {
      const subject = await actingFor.withSubject(actor, subjectId, 'messages', async (_trx, s) => s);
      await requirePendingRoom('uploaded_by_person_id', actor.personId);
      const { key, row } = await save(upload);
      try {
        await fileStore.insertAttachment(db, {
          ...row,
          uploaded_by_person_id: actor.personId,
          subject_person_id: subject.subjectPersonId,
        });
      } catch (error) {
        await storage.delete(key).catch(() => undefined);
        throw error;
      }
      return toView(row);
    },

    async uploadAsStaff(actor: StaffActor, unitId: string, upload: Upload) {
      requireUnitCare(actor, unitId);
      await requirePendingRoom('uploaded_by_staff_id', actor.staffId);
      const { key, row } = await save(upload);
      try {
        await fileStore.insertAttachment(db, { ...row, uploaded_by_staff_id: actor.staffId, unit_id: unitId });
      } catch (error) {
        await storage.delete(key).catch(() => undefined);
        throw error;
      }
      return toView(row);
    },

    /** The file, for the subject's side: in one of the subject's conversations, or the caller's own pending upload. */
    async fetchAsCitizen(actor: CitizenActor, subjectId: string | undefined, id: string) {
      const row = await actingFor.withSubject(actor, subjectId, 'messages', async (trx, subject) => {
        const a = await fileStore.attachmentWithContext(trx, id);
        const mine =
          a &&
          a.message_id === null &&
          a.uploaded_by_person_id === actor.personId &&
          a.subject_person_id === subject.subjectPersonId;
        const inConversation =
          a && a.message_id !== null && a.patient_id === subject.subjectPersonId && a.internal === false;
        if (!a || !(mine || inConversation)) throw notFound('attachment');
        await recordAudit(trx, {
          actor,
          subjectPersonId: subject.subjectPersonId,
          action: 'read',
          recordType: 'conversation_attachment',
          recordId: id,
          purpose: 'self_service',
          onBehalf: subject.onBehalf,
          at: clock.now(),
        });
        return a;
      });
      return read(row);
    },

    /** The file, for staff of the conversation's unit (audited through the access gate), or their own pending upload. */
    async fetchAsStaff(actor: StaffActor, unitId: string, id: string) {
      requireUnitCare(actor, unitId);
      const row = await patientTransaction(db, async (trx) => {
        const a = await fileStore.attachmentWithContext(trx, id);
        if (!a) throw notFound('attachment');
        if (a.message_id === null) {
          if (a.uploaded_by_staff_id !== actor.staffId || a.unit_id !== unitId) throw notFound('attachment');
          return a;
        }
        if (a.c_unit !== unitId || !a.patient_id) throw notFound('attachment');
        await access.require(trx, actor, a.patient_id, {
          action: 'read',
          recordType: 'conversation_attachment',
          recordId: id,
          purpose: 'care',
          at: clock.now(),
        });
        return a;
      });
      return read(row);
    },
  };
}

export type AttachmentService = ReturnType<typeof createAttachmentService>;
