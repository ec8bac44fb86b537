import { createHash } from 'node:crypto';
import { type IntrinsicContext, resolveValue } from '../intrinsics';
import type { FunctionConfig } from '../lambda/catalog';
import { referencedId } from '../lambda/catalog';
import { type CfnTemplate, resourcesOfType } from '../template';
import { type HttpApiCors, normaliseCors } from './cors';

/**
 * Each HTTP API of the template with its routes, read from the functions' `HttpApi` events (an
 * event without `ApiId` belongs to SAM's implicit `ServerlessHttpApi`), its authorizers, CORS and
 * throttling settings, and API Gateway's route selection: the most specific route wins.
 */
export interface JwtAuthorizerSpec {
  name: string;
  identitySource: string[];
  issuer: string;
  audience: string[];
}

export interface RouteSpec {
  routeKey: string;
  method: string;
  path: string;
  functionLogicalId: string;
  /** Authorizer name, or undefined when the route has none. */
  authorizer?: string;
  authorizationScopes?: string[];
  payloadFormatVersion: string;
  segments: string[];
}

export interface HttpApiSpec {
  logicalId: string;
  /** A stable 10-character id standing in for API Gateway's. */
  apiId: string;
  stageName: string;
  cors?: HttpApiCors;
  authorizers: Record<string, JwtAuthorizerSpec>;
  throttle?: { burstLimit: number; rateLimit: number };
  routes: RouteSpec[];
}

export const IMPLICIT_API = 'ServerlessHttpApi';

export function localApiId(logicalId: string): string {
  return createHash('sha256')
    .update(logicalId)
    .digest('base64url')
    .replace(/[-_]/g, '')
    .slice(0, 10)
    .toLowerCase();
}

interface ApiProps {
  Auth?: {
    DefaultAuthorizer?: string;
    Authorizers?: Record<
      string,
      { IdentitySource?: string | string[]; JwtConfiguration?: { issuer?: string; audience?: string[] } }
    >;
  };
  CorsConfiguration?: unknown;
  DefaultRouteSettings?: { ThrottlingBurstLimit?: number; ThrottlingRateLimit?: number };
  StageName?: string;
}

export function httpApis(
  template: CfnTemplate,
  functions: FunctionConfig[],
  ctx: IntrinsicContext,
): HttpApiSpec[] {
  const apis = new Map<string, HttpApiSpec & { defaultAuthorizer?: string }>();
  const add = (logicalId: string, props: ApiProps) => {
    const authorizers: Record<string, JwtAuthorizerSpec> = {};
    for (const [name, auth] of Object.entries(props.Auth?.Authorizers ?? {})) {
      if (!auth.JwtConfiguration) continue;
      const sources = auth.IdentitySource ?? '$request.header.Authorization';
      authorizers[name] = {
        name,
        identitySource: Array.isArray(sources) ? sources : [sources],
        issuer: String(auth.JwtConfiguration.issuer ?? ''),
        audience: (auth.JwtConfiguration.audience ?? []).map(String),
      };
    }
    const cors = normaliseCors(props.CorsConfiguration);
    const settings = props.DefaultRouteSettings;
    apis.set(logicalId, {
      logicalId,
      apiId: localApiId(logicalId),
      stageName: props.StageName ?? '$default',
      ...(cors ? { cors } : {}),
      authorizers,
      ...(settings?.ThrottlingBurstLimit !== undefined && settings.ThrottlingRateLimit !== undefined
        ? {
            throttle: {
              burstLimit: Number(settings.ThrottlingBurstLimit),
              rateLimit: Number(settings.ThrottlingRateLimit),
            },
          }
        : {}),
      ...(props.Auth?.DefaultAuthorizer ? { defaultAuthorizer: props.Auth.DefaultAuthorizer } : {}),
      routes: [],
    });
  };
  for (const [logicalId, resource] of resourcesOfType(template, 'AWS::Serverless::HttpApi')) {
    add(logicalId, resolveValue(resource.Properties ?? {}, ctx) as ApiProps);
  }
  const globalsApi = (template.Globals?.HttpApi ?? {}) as ApiProps;
  for (const fn of functions) {
    for (const event of fn.events) {
      if (event.type !== 'HttpApi') continue;
      const apiLogicalId = referencedId(event.raw.ApiId) ?? IMPLICIT_API;
      if (!apis.has(apiLogicalId)) add(apiLogicalId, resolveValue(globalsApi, ctx) as ApiProps);
      const api = apis.get(apiLogicalId)!;
      const props = event.properties as {
        Method?: string;
        Path?: string;
        Auth?: { Authorizer?: string; AuthorizationScopes?: string[] };
        PayloadFormatVersion?: string;
      };
      const method = String(props.Method ?? 'ANY').toUpperCase();
      const path = String(props.Path ?? '/{proxy+}');
      const authorizer = props.Auth?.Authorizer ?? api.defaultAuthorizer;
      api.routes.push({
        routeKey: path === '$default' ? '$default' : `${method === 'ANY' ? 'ANY' : method} ${path}`,
        method,
        path,
        functionLogicalId: fn.logicalId,
        ...(authorizer && authorizer !== 'NONE' ? { authorizer } : {}),
        ...(props.Auth?.AuthorizationScopes ? { authorizationScopes: props.Auth.AuthorizationScopes } : {}),
        payloadFormatVersion: String(props.PayloadFormatVersion ?? '2.0'),
        segments: path === '$default' ? [] : path.split('/').filter(Boolean),
      });
    }
  }
  return [...apis.values()].map(({ defaultAuthorizer: _d, ...api }) => api);
}

export interface RouteMatch {
  route: RouteSpec;
  pathParameters: Record<string, string>;
}

const decode = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

function matchPath(route: RouteSpec, parts: string[]): Record<string, string> | undefined {
  if (route.path === '$default') return {};
  const params: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i]!;
    const greedy = /^\{(.+)\+\}$/.exec(segment);
    if (greedy) {
      if (i !== route.segments.length - 1 || parts.length <= i) return undefined;
      params[greedy[1]!] = parts.slice(i).map(decode).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined || part === '') return undefined;
    const variable = /^\{(.+)\}$/.exec(segment);
    if (variable) params[variable[1]!] = decode(part);
    else if (segment !== part) return undefined;
  }
  return parts.length === route.segments.length ? params : undefined;
}

/** Higher is more specific: exact paths beat variables, variables beat greedy, methods beat ANY. */
function specificity(route: RouteSpec): number[] {
  if (route.path === '$default') return [-1, 0, 0, 0];
  const greedy = route.segments.some((s) => s.endsWith('+}')) ? 0 : 1;
  const literal = route.segments.filter((s) => !s.startsWith('{')).length;
  return [greedy, literal, route.segments.length, route.method === 'ANY' ? 0 : 1];
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

export function matchRoute(api: HttpApiSpec, method: string, rawPath: string): RouteMatch | undefined {
  const parts = rawPath === '/' ? [] : rawPath.split('/').slice(1);
  let best: RouteMatch | undefined;
  for (const route of api.routes) {
    if (route.method !== 'ANY' && route.method !== method) continue;
    const pathParameters = matchPath(route, parts);
    if (!pathParameters) continue;
    if (!best || compare(specificity(route), specificity(best.route)) > 0) best = { route, pathParameters };
  }
  return best;
}
