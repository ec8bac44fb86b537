import type { FunctionConfig } from '../lambda/catalog';
import { type CfnTemplate, resourcesOfType } from '../template';

/**
 * On AWS the web app is `https://<distribution domain>`; locally it is Vite's `http://localhost:<port>`.
 * Each distribution's DomainName becomes the local host:port, and a function variable that says
 * `https://<that>` (an app URL for links in emails) gets the local web app's URL.
 */
export function localWebAppDomain(template: CfnTemplate, getAtts: Record<string, string>, hostPort: string) {
  for (const [id] of resourcesOfType(template, 'AWS::CloudFront::Distribution')) {
    getAtts[`${id}.DomainName`] = hostPort;
  }
}

export function localizeWebAppUrls(configs: FunctionConfig[], webUrl: string | undefined): FunctionConfig[] {
  if (!webUrl) return configs;
  const secure = webUrl.replace(/^http:/, 'https:');
  return configs.map((fn) => ({
    ...fn,
    environment: Object.fromEntries(
      Object.entries(fn.environment).map(([k, v]) => [
        k,
        v.startsWith(secure) ? webUrl + v.slice(secure.length) : v,
      ]),
    ),
  }));
}
