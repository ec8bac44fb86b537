/**
 * Cognito's SRP sign-in (USER_SRP_AUTH, answered with a PASSWORD_VERIFIER challenge response),
 * with native BigInt and WebCrypto instead of amazon-cognito-identity-js. Every byte that goes into
 * a hash must equal what that library (AuthenticationHelper, CognitoUser) feeds it: Cognito checks
 * the signature against its own computation, so an encoding slip fails some sign-ins, not all.
 */

/** The 3072-bit group of RFC 5054 (Cognito's only group); g = 2. */
export const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
export const g = 2n;

export interface SrpStart {
  /** The secret exponent a; stays in memory for the challenge response. */
  smallA: bigint;
  /** A = g^a mod N in hex, for `AuthParameters.SRP_A`. */
  largeAHex: string;
}

/** ChallengeResponses for PASSWORD_VERIFIER, apart from USERNAME. */
export interface PasswordClaim {
  PASSWORD_CLAIM_SECRET_BLOCK: string;
  TIMESTAMP: string;
  PASSWORD_CLAIM_SIGNATURE: string;
}

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
const utf8 = (text: string) => new TextEncoder().encode(text);
const sha256 = async (bytes: Uint8Array<ArrayBuffer>) =>
  toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
/** The library hashes hex strings as the bytes they spell, and reads the digest back as an integer. */
const hashHex = async (hex: string) => BigInt(`0x${await sha256(fromHex(hex))}`);

/**
 * The library's encoding of a positive integer for hashing: Java's BigInteger.toByteArray() in hex,
 * i.e. the fewest whole bytes with a clear sign bit. An odd-length hex gets a leading "0"; a hex
 * whose top bit is set gets a leading "00" (it would read as negative otherwise).
 */
export function padHex(n: bigint): string {
  if (n < 0n) throw new Error('padHex: SRP values are never negative.');
  const hex = n.toString(16);
  const even = hex.length % 2 ? `0${hex}` : hex;
  return /^[89a-f]/.test(even) ? `00${even}` : even;
}

/** Square-and-multiply; BigInt has no modPow. Fast enough: a sign-in needs three of these. */
function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

/** k = H(padHex(N) | padHex(g)), the SRP-6a multiplier; a constant, so computed once. */
let multiplier: Promise<bigint> | undefined;
const k = () => (multiplier ??= hashHex(padHex(N) + padHex(g)));

/** Parses a hex challenge parameter; BigInt would accept "0x"/"0b" forms and throw a bare SyntaxError. */
function hexParameter(name: string, hex: string): bigint {
  if (!/^[0-9a-f]+$/i.test(hex)) throw new Error(`Cognito sent an invalid ${name} (not hex).`);
  return BigInt(`0x${hex}`);
}

/**
 * Picks the secret a (128 random bytes, as the library does: no reduction needed, the group is
 * 3072-bit) and A = g^a mod N. A cannot be 0 mod N (N is prime), so the library's check is moot.
 * `random` lets tests fix a.
 */
export async function startSrp(
  random: Uint8Array = crypto.getRandomValues(new Uint8Array(128)),
): Promise<SrpStart> {
  const smallA = BigInt(`0x${toHex(random)}`);
  // Unpadded, exactly as the library sends it (aValue.toString(16)).
  return { smallA, largeAHex: modPow(g, smallA, N).toString(16) };
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** Cognito's TIMESTAMP ("Tue Dec 2 17:05:09 UTC 2026"): the day is not zero-padded, the time is. */
export function cognitoTimestamp(date: Date): string {
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  const day = `${WEEKDAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
  return `${day} ${time} UTC ${date.getUTCFullYear()}`;
}

/**
 * The PASSWORD_VERIFIER challenge responses (without USERNAME) for InitiateAuth's SRP_B, SALT,
 * SECRET_BLOCK and USER_ID_FOR_SRP. The signature is HMAC-SHA256, keyed by the SRP session key, over
 * poolName | userIdForSrp | secret block bytes | timestamp; Cognito recomputes it to check the password.
 */
export async function passwordClaim(input: {
  userPoolId: string;
  userIdForSrp: string;
  password: string;
  srpB: string;
  salt: string;
  secretBlock: string;
  start: SrpStart;
  now?: Date;
}): Promise<PasswordClaim> {
  const { userIdForSrp, start } = input;
  // The library takes the part after the first "_" ("us-east-1_AbC" -> "AbC"), up to any next "_".
  const poolName = input.userPoolId.split('_')[1];
  if (!poolName) throw new Error(`Not a Cognito user pool id: ${input.userPoolId}`);
  const B = hexParameter('SRP_B', input.srpB);
  // SRP-6a's client safeguards (the library's "B cannot be zero." and "U cannot be zero.").
  if (B % N === 0n) throw new Error('Cognito sent an illegal SRP_B (B mod N is 0).');
  const A = BigInt(`0x${start.largeAHex}`);
  const u = await hashHex(padHex(A) + padHex(B));
  if (u === 0n) throw new Error('Illegal SRP parameters: u = H(A, B) is 0.');

  // x = H(salt | H(poolName | userId | ":" | password)); the salt, too, is re-encoded as an integer.
  const inner = await sha256(utf8(`${poolName}${userIdForSrp}:${input.password}`));
  const x = await hashHex(padHex(hexParameter('SALT', input.salt)) + inner);
  // S = (B - k g^x)^(a + u x) mod N; B - k g^x may be negative, which modPow normalizes first.
  const S = modPow(B - (await k()) * modPow(g, x, N), start.smallA + u * x, N);

  // The library's key is RFC 5869 HKDF-SHA256 (salt padHex(u), info "Caldera Derived Key", 16 bytes).
  const ikm = await crypto.subtle.importKey('raw', fromHex(padHex(S)), 'HKDF', false, ['deriveKey']);
  const hkdf = { name: 'HKDF', hash: 'SHA-256', salt: fromHex(padHex(u)), info: utf8('Caldera Derived Key') };
  const hmac = { name: 'HMAC', hash: 'SHA-256', length: 128 };
  const key = await crypto.subtle.deriveKey(hkdf, ikm, hmac, false, ['sign']);

  const TIMESTAMP = cognitoTimestamp(input.now ?? new Date());
  const secret = Uint8Array.from(atob(input.secretBlock), (c) => c.charCodeAt(0));
  const message = new Uint8Array([...utf8(poolName), ...utf8(userIdForSrp), ...secret, ...utf8(TIMESTAMP)]);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, message));
  return {
    PASSWORD_CLAIM_SECRET_BLOCK: input.secretBlock,
    TIMESTAMP,
    PASSWORD_CLAIM_SIGNATURE: btoa(String.fromCharCode(...signature)),
  };
}
