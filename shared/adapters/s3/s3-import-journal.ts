import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ImportJournal, JournalState } from '../../firstagenda/import-portal.ts';

/** An import's journal as one object in the bucket (`imports/firstagenda/<host>.json`); a put replaces it whole. */
export class S3ImportJournal implements ImportJournal {
  readonly #s3: S3Client;
  readonly #bucket: string;
  readonly #key: string;

  constructor(s3: S3Client, bucket: string, key: string) {
    this.#s3 = s3;
    this.#bucket = bucket;
    this.#key = key;
  }

  async load(): Promise<JournalState> {
    try {
      const res = await this.#s3.send(new GetObjectCommand({ Bucket: this.#bucket, Key: this.#key }));
      const state = JSON.parse((await res.Body?.transformToString()) ?? '{}') as JournalState;
      return { meetings: state.meetings ?? {} };
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey')
        return { meetings: {} };
      throw error;
    }
  }

  async save(state: JournalState): Promise<void> {
    await this.#s3.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: this.#key,
        Body: JSON.stringify(state),
        ContentType: 'application/json',
      }),
    );
  }
}
