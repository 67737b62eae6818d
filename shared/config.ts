import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

/** Settings of the local home, read once from the environment (PROTOKOL_*), with safe defaults. */
export interface LocalConfig {
  dataDir: string;
  port: number;
  /** Bearer token that authorises uploads and deletions; uploads are refused while it is unset. */
  uploadToken: string | null;
  /** OCR for pages with no text layer (tesseract.js); PROTOKOL_OCR=off turns it off. */
  ocr: boolean;
  /** Largest upload accepted, in bytes. */
  maxUploadBytes: number;
  publicBaseUrl: string | null;
  /** How many recent search results the server keeps until the index changes; 0 keeps none. */
  searchCache: number;
  /** Worker threads the server computes searches in (SQLite index); 0 computes them on its own thread. */
  searchWorkers: number;
  /** The search index: SQLite in the data folder (default), or an OpenSearch node. */
  index: 'sqlite' | 'opensearch';
  /** http(s)://… of the OpenSearch node when `index` is `opensearch`. */
  opensearchUrl: string | null;
  /** Prefix of the OpenSearch aliases (`<prefix>-items`, `<prefix>-meetings`). */
  indexPrefix: string;
  /** Reader processes that extract and parse documents; 0 means one per core. */
  readers: number;
  /** Memory of one reader process, in MB (its heap; twice that resident, native memory included). */
  readerMemoryMb: number;
  /** Time one document may take to read or parse, in seconds (more for each page OCR'ed). */
  readTimeoutSeconds: number;
}

function intFrom(env: NodeJS.ProcessEnv, key: string, fallback: number, { zero = false } = {}): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || (value === 0 && !zero))
    throw new Error(
      `${key} must be a ${zero ? 'whole number, 0 or more' : 'positive whole number'}, not "${raw}"`,
    );
  return value;
}

/** Reads the local configuration; throws an error naming the variable when one is malformed. */
export function readLocalConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<LocalConfig> = {},
): LocalConfig {
  const ocr = (env.PROTOKOL_OCR ?? 'on').toLowerCase();
  const index = overrides.index ?? (env.PROTOKOL_INDEX || 'sqlite');
  if (index !== 'sqlite' && index !== 'opensearch')
    throw new Error(`PROTOKOL_INDEX must be "sqlite" or "opensearch", not "${index}"`);
  const opensearchUrl = overrides.opensearchUrl ?? (env.PROTOKOL_OPENSEARCH_URL || null);
  if (index === 'opensearch' && !opensearchUrl)
    throw new Error('PROTOKOL_INDEX=opensearch needs PROTOKOL_OPENSEARCH_URL (or --opensearch-url)');
  if (opensearchUrl && !/^https?:\/\/[^/]/.test(opensearchUrl))
    throw new Error(`PROTOKOL_OPENSEARCH_URL must be an http:// or https:// URL, not "${opensearchUrl}"`);
  if (!['on', 'off'].includes(ocr))
    throw new Error(`PROTOKOL_OCR must be "on" or "off", not "${env.PROTOKOL_OCR}"`);
  return {
    dataDir: resolve(overrides.dataDir ?? env.PROTOKOL_DATA_DIR ?? './data'),
    port: overrides.port ?? intFrom(env, 'PROTOKOL_PORT', 3000),
    uploadToken: overrides.uploadToken ?? env.PROTOKOL_UPLOAD_TOKEN ?? null,
    ocr: overrides.ocr ?? ocr === 'on',
    maxUploadBytes: overrides.maxUploadBytes ?? intFrom(env, 'PROTOKOL_MAX_UPLOAD_MB', 100) * 1024 * 1024,
    publicBaseUrl: overrides.publicBaseUrl ?? env.PROTOKOL_PUBLIC_URL ?? null,
    searchCache: overrides.searchCache ?? intFrom(env, 'PROTOKOL_SEARCH_CACHE', 500, { zero: true }),
    searchWorkers:
      overrides.searchWorkers ??
      intFrom(env, 'PROTOKOL_SEARCH_WORKERS', availableParallelism(), { zero: true }),
    index,
    opensearchUrl,
    indexPrefix: overrides.indexPrefix ?? (env.PROTOKOL_INDEX_PREFIX || 'protokol'),
    readers: overrides.readers ?? intFrom(env, 'PROTOKOL_READERS', 0, { zero: true }),
    readerMemoryMb: overrides.readerMemoryMb ?? intFrom(env, 'PROTOKOL_READER_MEMORY_MB', 768),
    readTimeoutSeconds: overrides.readTimeoutSeconds ?? intFrom(env, 'PROTOKOL_READ_TIMEOUT_S', 180),
  };
}

/** Settings of the AWS home, from the environment the CDK app gives each function. */
export interface AwsConfig {
  region: string;
  bucket: string;
  /** https://… of the OpenSearch domain. */
  opensearchEndpoint: string;
  /** Prefix of the index aliases (`<prefix>-items`, `<prefix>-meetings`). */
  indexPrefix: string;
  /** Textract reports finished jobs on this topic, publishing with this role. */
  ocrTopicArn: string | null;
  ocrRoleArn: string | null;
  corsOrigin: string;
  maxUploadBytes: number;
  publicBaseUrl: string | null;
  /** The Cognito group whose members may upload and delete. */
  uploadGroup: string;
}

/** Reads the AWS configuration; throws naming every required variable that is missing. */
export function readAwsConfig(env: NodeJS.ProcessEnv = process.env): AwsConfig {
  const missing = ['AWS_REGION', 'PROTOKOL_BUCKET', 'PROTOKOL_OPENSEARCH_ENDPOINT'].filter((k) => !env[k]);
  if (missing.length) throw new Error(`missing configuration: ${missing.join(', ')}`);
  return {
    region: env.AWS_REGION!,
    bucket: env.PROTOKOL_BUCKET!,
    opensearchEndpoint: env.PROTOKOL_OPENSEARCH_ENDPOINT!,
    indexPrefix: env.PROTOKOL_INDEX_PREFIX ?? 'protokol',
    ocrTopicArn: env.PROTOKOL_OCR_TOPIC_ARN ?? null,
    ocrRoleArn: env.PROTOKOL_OCR_ROLE_ARN ?? null,
    corsOrigin: env.PROTOKOL_CORS_ORIGIN ?? '*',
    maxUploadBytes: intFrom(env, 'PROTOKOL_MAX_UPLOAD_MB', 100) * 1024 * 1024,
    publicBaseUrl: env.PROTOKOL_PUBLIC_URL ?? null,
    uploadGroup: env.PROTOKOL_UPLOAD_GROUP ?? 'secretariat',
  };
}
