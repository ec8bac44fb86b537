/**
 * An HTTP API's `CorsConfiguration`, applied as API Gateway applies it: it answers preflight
 * requests itself (no route, no authorizer, no function), and on every other response it sets the
 * CORS headers, replacing any the function returned.
 */
export interface HttpApiCors {
  AllowOrigins?: string[];
  AllowMethods?: string[];
  AllowHeaders?: string[];
  ExposeHeaders?: string[];
  MaxAge?: number;
  AllowCredentials?: boolean;
}

/** SAM accepts `CorsConfiguration: true` for "allow everything". */
export function normaliseCors(value: unknown): HttpApiCors | undefined {
  if (value === true) return { AllowOrigins: ['*'], AllowMethods: ['*'], AllowHeaders: ['*'] };
  if (typeof value === 'object' && value !== null) return value as HttpApiCors;
  return undefined;
}

function originAllowed(cors: HttpApiCors, origin: string): boolean {
  return (cors.AllowOrigins ?? []).some((allowed) => {
    if (allowed === '*') return true;
    if (!allowed.includes('*')) return allowed.toLowerCase() === origin.toLowerCase();
    // Wildcard subdomains, e.g. https://*.example.com
    const [prefix = '', suffix = ''] = allowed.toLowerCase().split('*');
    const value = origin.toLowerCase();
    return value.startsWith(prefix) && value.endsWith(suffix) && value.length > prefix.length + suffix.length;
  });
}

const includesToken = (list: string[] | undefined, value: string) =>
  (list ?? []).some((item) => item === '*' || item.toLowerCase() === value.toLowerCase());

function allowOrigin(cors: HttpApiCors, origin: string): string {
  return (cors.AllowOrigins ?? []).includes('*') && !cors.AllowCredentials ? '*' : origin;
}

/** Headers of the answer to a preflight, or null when API Gateway would add none. */
export function preflightHeaders(
  cors: HttpApiCors,
  origin: string,
  requestMethod: string,
  requestHeaders: string,
): Record<string, string> | null {
  if (!originAllowed(cors, origin) || !includesToken(cors.AllowMethods, requestMethod)) return null;
  const asked = requestHeaders
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  if (!asked.every((h) => includesToken(cors.AllowHeaders, h))) return null;
  return {
    'access-control-allow-origin': allowOrigin(cors, origin),
    'access-control-allow-methods': (cors.AllowMethods ?? []).includes('*')
      ? requestMethod
      : (cors.AllowMethods ?? []).join(','),
    ...(asked.length
      ? {
          'access-control-allow-headers': (cors.AllowHeaders ?? []).includes('*')
            ? asked.join(',')
            : (cors.AllowHeaders ?? []).join(','),
        }
      : {}),
    ...(cors.MaxAge !== undefined ? { 'access-control-max-age': String(cors.MaxAge) } : {}),
    ...(cors.AllowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
  };
}

/** Headers for an actual (non-preflight) response to a request from `origin`. */
export function responseCorsHeaders(cors: HttpApiCors, origin: string | undefined): Record<string, string> {
  if (!origin || !originAllowed(cors, origin)) return {};
  return {
    'access-control-allow-origin': allowOrigin(cors, origin),
    ...(cors.ExposeHeaders?.length ? { 'access-control-expose-headers': cors.ExposeHeaders.join(',') } : {}),
    ...(cors.AllowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
    vary: 'origin',
  };
}
