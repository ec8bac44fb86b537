import { describe, expect, it } from 'vitest';
import type { FunctionConfig } from '../../lambda/catalog';
import { localizeWebAppUrls, localWebAppDomain } from '../../stack/web-app-url';
import type { CfnTemplate } from '../../template';

describe('the web app URL functions see locally', () => {
  it("gives each CloudFront distribution the local web app's host and port as its DomainName", () => {
    const template = {
      Resources: { Cdn: { Type: 'AWS::CloudFront::Distribution' }, Bucket: { Type: 'AWS::S3::Bucket' } },
    } as unknown as CfnTemplate;
    const getAtts: Record<string, string> = {};
    localWebAppDomain(template, getAtts, 'localhost:5173');
    expect(getAtts).toEqual({ 'Cdn.DomainName': 'localhost:5173' });
  });

  it('turns https://<that host> in a variable into the local http URL, and leaves other values alone', () => {
    const fn = { environment: { APP_URL: 'https://localhost:5173', OTHER: 'https://example.com', N: '5' } };
    const [localized] = localizeWebAppUrls([fn as unknown as FunctionConfig], 'http://localhost:5173');
    expect(localized?.environment).toEqual({
      APP_URL: 'http://localhost:5173',
      OTHER: 'https://example.com',
      N: '5',
    });
  });
});
