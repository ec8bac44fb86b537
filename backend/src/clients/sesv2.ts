import { SESv2Client } from '@aws-sdk/client-sesv2';

/** One SES v2 client per execution environment; AWS_ENDPOINT_URL_SESV2 points it elsewhere locally. */
export const sesClient = new SESv2Client({});
