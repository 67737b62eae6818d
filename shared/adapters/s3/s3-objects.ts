import { HeadObjectCommand, NotFound, type S3Client } from '@aws-sdk/client-s3';

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
