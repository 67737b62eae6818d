import { awsApi } from '../shared/composition/aws.ts';
import { apiHandler } from './api.ts';
import { awsHome } from './aws-home.ts';
import { observed } from './observability.ts';

/** The secretariat's routes (upload, list, takedown), behind API Gateway's Cognito authorizer. */
export const handler = observed(apiHandler(async () => awsApi(await awsHome(), { uploads: true })));
