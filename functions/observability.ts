import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';

export const logger = new Logger({ serviceName: 'protokol' });
export const metrics = new Metrics({ namespace: 'Protokol', serviceName: 'protokol' });

/** A handler wrapped as every protokol function is: structured logs with the request id, metrics flushed. */
export function observed<E, R>(handler: (event: E, context: Context) => Promise<R>) {
  return middy(handler).use(injectLambdaContext(logger)).use(logMetrics(metrics));
}
