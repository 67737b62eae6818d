import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { portalSettings } from '../shared/firstagenda/import-config.ts';
import { type ProtokolSettings, ProtokolStack } from './protokol-stack.ts';

/** Reads the deployment's settings from context, with a small single-node archive as the default. */
export function settingsFrom(app: App): ProtokolSettings {
  const get = <T>(key: string, fallback: T): T => {
    const value = app.node.tryGetContext(key);
    if (value === undefined) return fallback;
    if (typeof fallback === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) throw new Error(`context ${key} must be a number, not "${value}"`);
      return n as T;
    }
    if (Array.isArray(fallback))
      return (typeof value === 'string' ? value.split(',').filter(Boolean) : value) as T;
    return value as T;
  };
  return {
    search: {
      dataNodes: get('searchDataNodes', 1),
      dataNodeInstanceType: get('searchInstanceType', 't3.medium.search'),
      volumeGiB: get('searchVolumeGiB', 20),
      masterNodes: get('searchMasterNodes', 0),
      masterNodeInstanceType: get('searchMasterInstanceType', 'm7g.medium.search'),
    },
    corsOrigins: get<string[]>('corsOrigins', []),
    pageOrigin: get('pageOrigin', '*'),
    throttle: { rate: get('apiRateLimit', 50), burst: get('apiBurstLimit', 100) },
    ingestConcurrency: get('ingestConcurrency', 5),
    maxUploadMb: get('maxUploadMb', 100),
    uploadGroup: get('uploadGroup', 'secretariat'),
    alarmEmail: app.node.tryGetContext('alarmEmail'),
    firstagenda: {
      portals: portalSettings(app.node.tryGetContext('firstagendaPortals'), 'context firstagendaPortals'),
      schedule: get('firstagendaSchedule', 'rate(2 hours)'),
    },
  };
}

/** The CDK app: one stack, checked by cdk-nag's AWS Solutions rules. */
export function buildApp(app = new App()): { app: App; stack: ProtokolStack } {
  // The CDK's own custom resources use the SDK of the Lambda runtime instead of installing one.
  app.node.setContext('@aws-cdk/customresources:installLatestAwsSdkDefault', false);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new ProtokolStack(app, app.node.tryGetContext('stackName') ?? 'Protokol', settingsFrom(app), {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-north-1' },
    description: 'protokol: search archive for Danish public meeting minutes',
  });
  return { app, stack };
}

if (import.meta.main) buildApp().app.synth();
