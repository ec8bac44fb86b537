/**
 * The server side of Cognito's SRP sign-in (SRP-6a, as Cognito runs it), for tests: it issues the
 * PASSWORD_VERIFIER challenge for a client's SRP_A and checks the PASSWORD_CLAIM_SIGNATURE that
 * comes back. Written from the protocol, not from the client code (and on node:crypto, not
 * WebCrypto), so that a client agreeing with it is evidence, not an echo.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { g, N } from '../session/srp';
import { cognitoError, fakeCognito, tokens } from './fake-cognito';

// The group's constants are shared with the client; everything computed from them is not.

/** Java's BigInteger.toByteArray() of a non-negative integer (Cognito's hash input encoding). */
function bytesOf(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  return (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}
const H = (...parts: (Buffer | string)[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const int = (bytes: Buffer) => BigInt(`0x${bytes.toString('hex') || '0'}`);
function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  for (let b = base % modulus, e = exponent; e > 0n; b = (b * b) % modulus, e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
  }
  return result;
}
const k = int(H(bytesOf(N), bytesOf(g)));

/** RFC 5869 HKDF-SHA256, one block, cut to 16 bytes; info is "Caldera Derived Key". */
function hkdf(ikm: Buffer, salt: Buffer): Buffer {
  const prk = createHmac('sha256', salt).update(ikm).digest();
  return createHmac('sha256', prk).update('Caldera Derived Key\x01').digest().subarray(0, 16);
}

/** The ChallengeResponses of RespondToAuthChallenge that carry the proof. */
type ClaimField = 'PASSWORD_CLAIM_SECRET_BLOCK' | 'TIMESTAMP' | 'PASSWORD_CLAIM_SIGNATURE';

export interface SrpChallengeParameters {
  SALT: string;
  SRP_B: string;
  SECRET_BLOCK: string;
  USER_ID_FOR_SRP: string;
  USERNAME: string;
}

/** One challenge's numbers, kept so tests can see which encodings (odd length, top bit set) they hit. */
export interface SrpRound {
  A: bigint;
  B: bigint;
  salt: bigint;
  u: bigint;
  S: bigint;
}

const TIMESTAMP =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [1-9]\d? \d\d:\d\d:\d\d UTC \d{4}$/;

/**
 * A user of the pool with this password. Cognito stores one salt and the verifier v = g^x mod N;
 * this fake keeps H(poolName | userId | ":" | password) and draws a new salt (so a new v) for every
 * challenge, to try more salts. `random` (bytes) lets a test make salts, b and secret blocks reproducible.
 */
export function createSrpUser(options: {
  userPoolId: string;
  userIdForSrp: string;
  password: string;
  username?: string;
  random?: (bytes: number) => Uint8Array;
}) {
  const { userIdForSrp } = options;
  const poolName = options.userPoolId.split('_')[1] ?? '';
  const random = (n: number) => Buffer.from(options.random?.(n) ?? randomBytes(n));
  const identity = H(`${poolName}${userIdForSrp}:${options.password}`);
  const sessionKeys = new Map<string, Buffer>();
  const rounds: SrpRound[] = [];

  /** InitiateAuth's ChallengeParameters for the client's SRP_A (hex). */
  function challenge(srpAHex: string): SrpChallengeParameters {
    const A = BigInt(`0x${srpAHex}`);
    if (A % N === 0n) throw new Error('SRP_A mod N is 0');
    // Sent as Java's BigInteger.toString(16) would: no leading zeros, so sometimes odd length.
    const salt = int(random(16));
    const v = modPow(g, int(H(bytesOf(salt), identity)), N);
    let b = 0n;
    let B = 0n;
    while (B === 0n) {
      // a client must refuse B = 0 mod N
      b = int(random(128));
      B = (k * v + modPow(g, b, N)) % N;
    }
    const u = int(H(bytesOf(A), bytesOf(B)));
    if (u === 0n) throw new Error('u is 0');
    const S = modPow((A * modPow(v, u, N)) % N, b, N);
    rounds.push({ A, B, salt, u, S });
    const SECRET_BLOCK = random(48).toString('base64');
    sessionKeys.set(SECRET_BLOCK, hkdf(bytesOf(S), bytesOf(u)));
    const USERNAME = options.username ?? userIdForSrp;
    return {
      SALT: salt.toString(16),
      SRP_B: B.toString(16),
      SECRET_BLOCK,
      USER_ID_FOR_SRP: userIdForSrp,
      USERNAME,
    };
  }

  /** Whether RespondToAuthChallenge's responses prove the password. A secret block is good once. */
  function verify(responses: Partial<Record<ClaimField, unknown>>): boolean {
    const {
      PASSWORD_CLAIM_SECRET_BLOCK: block,
      TIMESTAMP: time,
      PASSWORD_CLAIM_SIGNATURE: signature,
    } = responses;
    if (typeof block !== 'string' || typeof time !== 'string' || typeof signature !== 'string') return false;
    const key = sessionKeys.get(block);
    sessionKeys.delete(block);
    if (!key || !TIMESTAMP.test(time)) return false;
    const expected = createHmac('sha256', key)
      .update(
        Buffer.concat([
          Buffer.from(poolName + userIdForSrp),
          Buffer.from(block, 'base64'),
          Buffer.from(time),
        ]),
      )
      .digest('base64');
    return signature === expected;
  }

  return { challenge, verify, rounds };
}

/** InitiateAuth answers with the fake server's challenge; RespondToAuthChallenge checks the signature. */
export function serveSrp(user: ReturnType<typeof createSrpUser>) {
  return fakeCognito({
    InitiateAuth: (body) => ({
      body: {
        ChallengeName: 'PASSWORD_VERIFIER',
        Session: 'session-1',
        ChallengeParameters: user.challenge(String((body.AuthParameters as Record<string, unknown>).SRP_A)),
      },
    }),
    RespondToAuthChallenge: (body) =>
      user.verify(body.ChallengeResponses as Record<string, unknown>)
        ? { body: { AuthenticationResult: tokens() } }
        : cognitoError('NotAuthorizedException', 'Incorrect username or password.'),
  });
}
