import { s3Error } from './s3-errors';
import type { VerifyOptions } from './sigv4-types';

/** The credential scope (`AKID/20240102/us-east-1/s3/aws4_request`) and the dates it is checked against. */
export interface Credential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
}

/** `20240102T030405Z` → Date, or undefined. */
export function parseAmzDate(text: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

export const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function parseCredential(text: string): Credential | undefined {
  const parts = text.split('/');
  if (parts.length !== 5) return undefined;
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKeyId, date, region, service, terminator };
}

/** The S3 error for a scope that names another service, region, day or an unknown key; else undefined. */
export function checkScope(
  credential: Credential,
  amzDate: string,
  options: VerifyOptions,
  where: 'header' | 'query',
) {
  const malformed = where === 'header' ? 'AuthorizationHeaderMalformed' : 'AuthorizationQueryParametersError';
  if (credential.service !== 's3' || credential.terminator !== 'aws4_request') {
    return s3Error(
      400,
      malformed,
      `Error parsing the X-Amz-Credential parameter; incorrect service or terminator.`,
    );
  }
  if (credential.region !== options.region) {
    return s3Error(
      400,
      malformed,
      `The authorization ${where} is malformed; the region '${credential.region}' is wrong; expecting '${options.region}'`,
    );
  }
  if (credential.date !== amzDate.slice(0, 8)) {
    return s3Error(400, malformed, 'Invalid credential date. Date is not the same as X-Amz-Date.');
  }
  if (!(credential.accessKeyId in options.credentials)) {
    return s3Error(
      403,
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
      {
        AWSAccessKeyId: credential.accessKeyId,
      },
    );
  }
  return undefined;
}
