import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { S3ImportJournal } from '../shared/adapters/s3/s3-import-journal.ts';
import { S3Uploads } from '../shared/adapters/s3/s3-uploads.ts';
import { failureReason } from '../shared/domain/errors.ts';
import { type PortalSetting, portalSettings } from '../shared/firstagenda/import-config.ts';
import { type ImportSummary, importPortal } from '../shared/firstagenda/import-portal.ts';
import { authorityFromHost } from '../shared/firstagenda/names.ts';
import { HttpFirstAgendaPortal } from '../shared/firstagenda/portal-client.ts';
import { detectType } from '../shared/ingest/detect-type.ts';
import { documentId } from '../shared/ingest/ingest.ts';
import { slug } from '../shared/parse/normalize.ts';
import { logger, metrics, observed } from './observability.ts';

export interface ImportDeps {
  s3: S3Client;
  bucket: string;
  portals: PortalSetting[];
  /** Options for the portal client (tests make the backoff short). */
  client?: ConstructorParameters<typeof HttpFirstAgendaPortal>[1];
}

/** The scheduled event: EventBridge passes the portal of its rule as constant input. */
const eventSchema = z.object({ portal: z.string().optional() }).passthrough();

/** Time kept in hand at the end of an invocation: the meeting under way finishes, the next waits for the next run. */
const RESERVE_MS = 120_000;

/**
 * The scheduled FirstAgenda import: for the portal its rule names (or every configured portal),
 * new and changed meeting answers and their bilag go into the bucket's `uploads/firstagenda/<host>/`,
 * where the pipeline takes them in as any upload. The journal in `imports/firstagenda/` carries a
 * long backfill over as many runs as it needs.
 */
export function firstAgendaImportHandler(deps: () => Promise<ImportDeps> | ImportDeps) {
  return async (event: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>) => {
    const { s3, bucket, portals, client } = await deps();
    const { portal: only } = eventSchema.parse(event ?? {});
    const chosen = only ? portals.filter((p) => p.url === only.replace(/\/+$/, '')) : portals;
    if (only && !chosen.length) throw new Error(`the event names a portal that is not configured: ${only}`);
    const results: (Pick<ImportSummary, 'listed' | 'fetched' | 'known' | 'stopped'> & {
      portal: string;
      uploaded: number;
      failed: number;
    })[] = [];
    for (const setting of chosen) {
      const host = new URL(setting.url).host;
      const uploads = new S3Uploads(s3, bucket, `uploads/firstagenda/${slug(host)}/`);
      const authority = setting.authority ?? authorityFromHost(host) ?? undefined;
      const summary = await importPortal({
        portal: new HttpFirstAgendaPortal(setting.url, { rate: setting.rate ?? 2, ...client }),
        journal: new S3ImportJournal(s3, bucket, `imports/firstagenda/${slug(host)}.json`),
        sink: {
          async put(file, metadata) {
            try {
              const mediaType = detectType(file.bytes, file.name);
              await uploads.put(documentId(file.bytes), file.name, file.bytes, mediaType, metadata);
              return { status: 'uploaded', reason: null, meetingId: metadata.meetingId ?? null };
            } catch (error) {
              return { status: 'failed', reason: failureReason(error).reason, meetingId: null };
            }
          },
        },
        ...(authority ? { authority } : {}),
        ...(setting.since ? { since: setting.since } : {}),
        ...(setting.committees ? { committees: setting.committees } : {}),
        stop: () => (context ? context.getRemainingTimeInMillis() < RESERVE_MS : false),
        onMeeting: (meeting, rows) => {
          for (const row of rows.filter((r) => r.status === 'failed'))
            logger.warn('not taken in', { portal: setting.url, meeting: meeting.id, ...row });
        },
      });
      const uploaded = summary.rows.filter((r) => r.status === 'uploaded').length;
      const failed = summary.rows.filter((r) => r.status === 'failed').length;
      metrics.addMetric('FirstAgenda_uploaded', MetricUnit.Count, uploaded);
      metrics.addMetric('FirstAgenda_failed', MetricUnit.Count, failed);
      const { listed, fetched, known, stopped } = summary;
      const result = { portal: setting.url, listed, fetched, known, stopped, uploaded, failed };
      logger.info('portal followed', result);
      results.push(result);
    }
    return { portals: results };
  };
}

let deps: ImportDeps | undefined;

/** Built once per warm function from the environment the CDK app sets. */
function depsFromEnvironment(): ImportDeps {
  if (deps) return deps;
  const bucket = process.env.PROTOKOL_BUCKET;
  if (!bucket) throw new Error('missing configuration: PROTOKOL_BUCKET');
  deps = {
    s3: new S3Client({}),
    bucket,
    portals: portalSettings(process.env.PROTOKOL_FIRSTAGENDA_PORTALS, 'PROTOKOL_FIRSTAGENDA_PORTALS'),
  };
  return deps;
}

export const handler = observed(firstAgendaImportHandler(depsFromEnvironment));
