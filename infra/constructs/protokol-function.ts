import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledge, S3_GRANT_ACTIONS } from '../nag.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ProtokolFunctionProps {
  /** The handler module in `functions/`, without `.ts`. */
  entry: string;
  description: string;
  timeout: Duration;
  memorySize: number;
  environment: Record<string, string>;
  /** A role of its own is made unless one is given. */
  role?: iam.IRole;
  /** Whether the function reads documents (pdf.js with its worker and canvas); default true. */
  readsDocuments?: boolean;
}

/**
 * A protokol function: Node.js 24, bundled by the local esbuild (no Docker), ES modules, a log
 * group kept a month. PDFium's wasm file (PDF text) is read from beside the bundle; pdf.js (OCR
 * rendering) loads its worker module from beside itself, and needs @napi-rs/canvas (a native
 * addon, which esbuild cannot bundle) for DOMMatrix: all are copied in beside the bundle, the
 * canvas package with its Linux x64 build, so deploy from Linux x64.
 */
export function protokolFunction(scope: Construct, id: string, props: ProtokolFunctionProps) {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const fn = new nodejs.NodejsFunction(scope, id, {
    entry: join(ROOT, 'functions', `${props.entry}.ts`),
    handler: 'handler',
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.X86_64,
    description: props.description,
    timeout: props.timeout,
    memorySize: props.memorySize,
    logGroup,
    ...(props.role ? { role: props.role } : {}),
    loggingFormat: lambda.LoggingFormat.JSON,
    environment: {
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'protokol',
      POWERTOOLS_METRICS_NAMESPACE: 'Protokol',
      ...props.environment,
    },
    depsLockFilePath: join(ROOT, 'package-lock.json'),
    projectRoot: ROOT,
    bundling: {
      format: nodejs.OutputFormat.ESM,
      target: 'node24',
      mainFields: ['module', 'main'],
      sourceMap: true,
      minify: true,
      banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      externalModules: ['@napi-rs/canvas'],
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (inputDir: string, outputDir: string) =>
          props.readsDocuments === false ? [] : documentReaderFiles(inputDir, outputDir),
      },
    },
  });
  acknowledge(
    fn,
    'AWSLambdaBasicExecutionRole only lets the function write its own logs; S3 access is granted with the CDK grant methods, whose action wildcards (GetObject*, List* …) stay within the prefixes granted.',
    'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    ...S3_GRANT_ACTIONS,
  );
  return fn;
}

/**
 * Shell commands that put what the readers load at run time beside a bundle: PDFium's wasm file
 * (the text of a PDF), pdf.js's worker and the canvas (rendering a page for OCR).
 */
export function documentReaderFiles(inputDir: string, outputDir: string): string[] {
  return [
    `cp "${inputDir}/node_modules/@embedpdf/pdfium/dist/pdfium.wasm" "${outputDir}/"`,
    `cp "${inputDir}/node_modules/pdfjs-dist/legacy/build/pdf.worker.mjs" "${outputDir}/"`,
    `mkdir -p "${outputDir}/node_modules/@napi-rs"`,
    `cp -r "${inputDir}/node_modules/@napi-rs/canvas" "${inputDir}/node_modules/@napi-rs/canvas-linux-x64-gnu" "${outputDir}/node_modules/@napi-rs/"`,
  ];
}
