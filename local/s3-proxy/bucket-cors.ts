/**
 * A bucket's CORS rules as the template declares them, matched the way S3 matches them, so that a
 * refused request still carries the CORS headers S3 would add (the browser can then read the 403).
 */
export interface BucketCorsRule {
  AllowedOrigins: string[];
  AllowedMethods: string[];
  AllowedHeaders?: string[];
  ExposedHeaders?: string[];
  MaxAge?: number;
}

const wildcard = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );

export function matchCorsRule(
  rules: BucketCorsRule[] | undefined,
  origin: string | undefined,
  method: string,
): BucketCorsRule | undefined {
  if (!rules || !origin) return undefined;
  return rules.find(
    (rule) =>
      rule.AllowedOrigins.some((o) => wildcard(o).test(origin)) &&
      rule.AllowedMethods.some((m) => m.toUpperCase() === method.toUpperCase()),
  );
}

/** Headers S3 adds to a (non-preflight) response when a rule matches the request's origin. */
export function corsResponseHeaders(rule: BucketCorsRule | undefined, origin: string | undefined) {
  if (!rule || !origin) return {};
  const anyOrigin = rule.AllowedOrigins.includes('*');
  return {
    'access-control-allow-origin': anyOrigin ? '*' : origin,
    ...(anyOrigin ? {} : { 'access-control-allow-credentials': 'true' }),
    ...(rule.ExposedHeaders?.length
      ? { 'access-control-expose-headers': rule.ExposedHeaders.join(', ') }
      : {}),
    ...(rule.MaxAge !== undefined ? { 'access-control-max-age': String(rule.MaxAge) } : {}),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
}
