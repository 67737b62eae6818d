import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  type ObjectIdentifier,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { UploadMetadata } from '../../domain/model.ts';
import { UPLOAD_TYPES } from '../../domain/upload-types.ts';
import { objectExists } from './s3-objects.ts';

export { UPLOAD_TYPES };

/** The key an upload lands under: the ingest function takes in everything below `uploads/`. */
export function uploadKey(sha256: string, name: string, prefix = 'uploads/'): string {
  return `${prefix}${sha256}/${name.replace(/[/\\]/g, '_')}`;
}

/** S3 user metadata is ASCII: values go URI-encoded, as `uploadMetadata` reads them back. */
export function metadataHeaders(metadata: UploadMetadata): Record<string, string> {
  const headers: Record<string, string> = {};
  if (metadata.committee) headers['x-amz-meta-committee'] = encodeURIComponent(metadata.committee);
  if (metadata.date) headers['x-amz-meta-date'] = metadata.date;
  if (metadata.kind) headers['x-amz-meta-kind'] = metadata.kind;
  if (metadata.meetingId) headers['x-amz-meta-meeting-id'] = metadata.meetingId;
  if (metadata.authority) headers['x-amz-meta-authority'] = encodeURIComponent(metadata.authority);
  return headers;
}

/** The uploads prefix of the documents bucket, written through the API or straight from a browser. */
export class S3Uploads {
  readonly #s3: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(s3: S3Client, bucket: string, prefix = 'uploads/') {
    this.#s3 = s3;
    this.#bucket = bucket;
    this.#prefix = prefix;
  }

  /** Whether the file was uploaded already (and waits for, or is in, the pipeline). */
  has(sha256: string, name: string): Promise<boolean> {
    return objectExists(this.#s3, this.#bucket, uploadKey(sha256, name, this.#prefix));
  }

  /** Puts a file (already checked) where the ingest function picks it up. */
  async put(sha256: string, name: string, bytes: Uint8Array, mediaType: string, metadata: UploadMetadata) {
    await this.#s3.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: uploadKey(sha256, name, this.#prefix),
        Body: bytes,
        ContentType: mediaType,
        Metadata: Object.fromEntries(
          Object.entries(metadataHeaders(metadata)).map(([k, v]) => [k.replace('x-amz-meta-', ''), v]),
        ),
      }),
    );
  }

  /**
   * A form a browser posts the file with, straight to S3: the policy holds it to the key, the
   * declared media type, at most `maxBytes`, and the metadata given, for 15 minutes.
   */
  async presignedPost(
    file: { sha256: string; name: string; mediaType: string },
    metadata: UploadMetadata,
    maxBytes: number,
  ): Promise<{ url: string; fields: Record<string, string> }> {
    const fields = { 'Content-Type': file.mediaType, ...metadataHeaders(metadata) };
    return createPresignedPost(this.#s3, {
      Bucket: this.#bucket,
      Key: uploadKey(file.sha256, file.name, this.#prefix),
      Conditions: [
        ['content-length-range', 1, maxBytes],
        ...Object.entries(fields).map(([k, v]) => ({ [k]: v })),
      ],
      Fields: fields,
      Expires: 900,
    });
  }

  /**
   * A short-lived link to a document's original, so the file never passes through the function.
   * Only a PDF opens in the browser; HTML and DOCX come as downloads, and on S3's origin, never
   * the site's.
   */
  async fileUrl(key: string, name: string, mediaType: string | null): Promise<string> {
    const inline = mediaType === 'application/pdf';
    return getSignedUrl(
      this.#s3,
      new GetObjectCommand({
        Bucket: this.#bucket,
        Key: key,
        ResponseContentType: mediaType ?? 'application/octet-stream',
        ResponseContentDisposition: `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(name)}`,
        ResponseCacheControl: 'private, max-age=300',
      }),
      { expiresIn: 300 },
    );
  }

  /**
   * Erases every version of every object of a document outside its own folder: each upload of
   * it (`uploads/…/<sha256>/<name>`, wherever a bulk load put it), the link kept for each, and
   * every old version and delete marker under `documents/<sha256>/` (the bucket is versioned, so
   * a plain delete would only hide them). An erasure request must erase. Returns how many
   * versions went.
   */
  async eraseDocument(
    sha256: string,
    { documentsPrefix = 'documents/', meetingsPrefix = 'meetings/', meetings = [] as string[] } = {},
  ): Promise<number> {
    // Anything but a document id could match other documents' keys.
    if (!/^[a-f0-9]{64}$/.test(sha256)) return 0;
    const inFolder = (key: string) => key.includes(`/${sha256}/`) || key.startsWith(`${sha256}/`);
    let erased = 0;
    for (const prefix of [this.#prefix, `upload-links/${this.#prefix}`, `${documentsPrefix}${sha256}/`]) {
      erased += await this.#eraseVersions(prefix, inFolder);
    }
    // The document's part of each meeting it was in, every version; and the old versions of the
    // merged meeting, which held its text (the current version, merged without it, stays).
    for (const meetingId of meetings) {
      const folder = `${meetingsPrefix}${meetingId}/`;
      const part = `${folder}contributions/${sha256}.json`;
      erased += await this.#eraseVersions(part, (key) => key === part);
      erased += await this.#eraseVersions(
        `${folder}meeting.json`,
        (key, latest) => key === `${folder}meeting.json` && !latest,
      );
    }
    return erased;
  }

  async #eraseVersions(Prefix: string, keep: (key: string, latest: boolean) => boolean): Promise<number> {
    let erased = 0;
    let KeyMarker: string | undefined;
    let VersionIdMarker: string | undefined;
    do {
      const page = await this.#s3.send(
        new ListObjectVersionsCommand({ Bucket: this.#bucket, Prefix, KeyMarker, VersionIdMarker }),
      );
      const doomed: ObjectIdentifier[] = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
        .filter((v) => v.Key && keep(v.Key, 'IsLatest' in v && v.IsLatest === true))
        .map((v) => ({ Key: v.Key!, VersionId: v.VersionId }));
      // DeleteObjects takes at most 1,000 keys; a page of versions holds at most 1,000.
      for (let i = 0; i < doomed.length; i += 1000) {
        const batch = doomed.slice(i, i + 1000);
        const res = await this.#s3.send(
          new DeleteObjectsCommand({ Bucket: this.#bucket, Delete: { Objects: batch, Quiet: true } }),
        );
        if (res.Errors?.length)
          throw new Error(
            `could not erase ${res.Errors.length} object version(s), first ${res.Errors[0]?.Key}: ${res.Errors[0]?.Code}`,
          );
        erased += batch.length;
      }
      KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      VersionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (KeyMarker);
    return erased;
  }
}
