import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { decodeJwt, generateKeyPair, importJWK, type JWTPayload, SignJWT } from 'jose';

/**
 * Tokens for the authorizer's refusal cases: signed with cognito-local's own key (so only the
 * claim under test is wrong), with a stranger's key, or a real token with its payload altered.
 */
const require = createRequire(import.meta.url);
const privateJwk = JSON.parse(
  readFileSync(require.resolve('cognito-local/lib/keys/cognitoLocal.private.json'), 'utf8'),
).jwk as Record<string, string>;

export async function signAsCognitoLocal(payload: JWTPayload): Promise<string> {
  const key = await importJWK({ ...privateJwk, alg: 'RS256' }, 'RS256');
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' }).sign(key);
}

export async function signWithStrangerKey(payload: JWTPayload): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' }).sign(privateKey);
}

/** Same header and signature, one claim changed: the signature no longer matches. */
export function tamper(token: string, changes: JWTPayload): string {
  const [header, , signature] = token.split('.');
  const payload = { ...decodeJwt(token), ...changes };
  return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}

export const claimsOf = (token: string) => decodeJwt(token);
