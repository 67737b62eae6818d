import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { secureBucket } from './secure-bucket.ts';

export interface StorageProps {
  accessLogs: s3.IBucket;
  /** The page's origin, which posts uploads straight to the bucket with presigned forms. */
  pageOrigin: string;
}

/**
 * The documents bucket: uploads land under `uploads/`; each document keeps its original, its
 * record and what was derived from it (text per page, parsed structure) under
 * `documents/<sha256>/`, so a reindex never re-extracts or re-OCRs.
 */
export class Storage extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    this.bucket = secureBucket(this, 'Documents', {
      accessLogs: props.accessLogs,
      logPrefix: 'documents/',
      versioned: true,
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(7) },
        // A replaced or deleted file can be restored for 90 days.
        { noncurrentVersionExpiration: Duration.days(90) },
      ],
      cors: [
        {
          allowedMethods: [s3.HttpMethods.POST],
          allowedOrigins: [props.pageOrigin],
          allowedHeaders: ['*'],
          maxAge: 3600,
        },
      ],
    });
  }
}
