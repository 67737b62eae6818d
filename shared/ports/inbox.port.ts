import type { StoredFile } from '../domain/model.ts';

/**
 * Where uploaded files land before they become documents: the `uploads/` prefix of the bucket on
 * AWS (a presigned POST, `protokol load --to s3://…`, or the console), a folder locally.
 */
export interface Inbox {
  /** Stores the file at `key` as a document's original, remembering the link; null when it is gone. */
  adopt(key: string): Promise<StoredFile | null>;
  /** The document the removed file at `key` became, forgetting the link; null when there is none. */
  release(key: string): Promise<string | null>;
}
