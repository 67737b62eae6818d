import { HeadObjectCommand, ListObjectsV2Command, NotFound, type S3Client } from '@aws-sdk/client-s3';

/** Whether an object exists, by a HEAD request (S3 answers a missing key with NotFound). */
export async function objectExists(s3: S3Client, Bucket: string, Key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket, Key }));
    return true;
  } catch (error) {
    if (error instanceof NotFound || (error as { name?: string }).name === 'NotFound') return false;
    throw error;
  }
}

/**
 * The names of the "folders" under a prefix (`documents/<id>/`, `meetings/<id>/`) in key order, a
 * page at a time: at most `limit` after `after`, and `next` (the last name given) when there are more.
 */
export async function listFolderNames(
  s3: S3Client,
  Bucket: string,
  Prefix: string,
  {
    after,
    limit = 500,
    keep = () => true,
  }: { after?: string; limit?: number; keep?: (name: string) => boolean },
): Promise<{ names: string[]; next: string | null }> {
  const names: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket,
        Prefix,
        Delimiter: '/',
        ContinuationToken,
        ...(after && !ContinuationToken ? { StartAfter: `${Prefix}${after}/` } : {}),
      }),
    );
    for (const p of page.CommonPrefixes ?? []) {
      const name = p.Prefix?.slice(Prefix.length).replace(/\/$/, '');
      if (name && keep(name) && (!after || name > after)) names.push(name);
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken && names.length <= limit);
  const taken = names.slice(0, limit);
  return { names: taken, next: names.length > limit || ContinuationToken ? (taken.at(-1) ?? null) : null };
}
