import { createHash, createHmac } from 'node:crypto';
import * as cognito from 'amazon-cognito-identity-js';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../testing/fake-cognito';
import { createSrpUser, type SrpRound, serveSrp } from '../testing/fake-srp-server';
import { cognitoTimestamp, padHex, passwordClaim, startSrp } from './srp';

const userPoolId = 'us-east-1_Ab12Cd34E';
const poolName = 'Ab12Cd34E';
// With an email as username, Cognito's USER_ID_FOR_SRP is the user's sub, not the email.
const userIdForSrp = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

/** The library's internals these tests reach for; index.d.ts does not declare them. */
interface Big {
  toString(radix: number): string;
}
type Callback<T> = (error: unknown, value: T) => void;
interface LibHelper {
  N: Big;
  smallAValue: Big;
  largeAValue: Big | undefined;
  UValue: Big;
  padHex(n: Big): string;
  hash(text: string): string;
  hexHash(hex: string): string;
  calculateS(x: Big, B: Big, callback: Callback<Big>): void;
  getLargeAValue(callback: Callback<Big>): void;
  getPasswordAuthenticationKey(user: string, pw: string, B: Big, salt: Big, cb: Callback<Uint8Array>): void;
}
/** The value a library callback is given; the calls used here call back synchronously. */
function sync<T>(call: (callback: Callback<T>) => void): T {
  let result: T | undefined;
  call((_error, value) => {
    result = value;
  });
  return result as T;
}
const lib = cognito as unknown as {
  AuthenticationHelper: new (poolName: string) => LibHelper;
  DateHelper: new () => { getNowString(): string };
};
const libHelper = () => {
  const helper = new lib.AuthenticationHelper(poolName);
  // The library's BigInteger is not exported from its index; its N is one.
  const BigInteger = helper.N.constructor as new (hex: string, radix: number) => Big;
  return { helper, big: (hex: string) => new BigInteger(hex, 16) };
};

/** Reproducible "random" bytes (SHA-256 of seed/counter), so the cases a run hits are fixed. */
function seeded(seed: string) {
  let counter = 0;
  return (n: number) => {
    const out = Buffer.alloc(n);
    for (let at = 0; at < n; at += 32)
      createHash('sha256').update(`${seed}/${counter++}`).digest().copy(out, at);
    return new Uint8Array(out);
  };
}
const ALPHABET = [...'aZ09 !:_é✓😀'];
const passwordFrom = (bytes: Uint8Array) => Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');

/** How padHex treats a value: prefixes "0" (odd length), "00" (top bit set), or nothing. */
const shape = (n: bigint) => {
  const hex = n.toString(16);
  return hex.length % 2 ? 'odd' : /^[89a-f]/.test(hex) ? 'top bit' : 'plain';
};

/** A sign-in with the real library's default flow (USER_SRP_AUTH). */
function librarySignIn(password: string) {
  const Storage = new MemoryStorage();
  const Pool = new CognitoUserPool({
    UserPoolId: userPoolId,
    ClientId: 'client1',
    endpoint: 'http://cognito.test/',
    Storage,
  });
  const user = new CognitoUser({ Username: 'alice@example.com', Pool, Storage });
  const details = new AuthenticationDetails({ Username: 'alice@example.com', Password: password });
  return new Promise<unknown>((resolve, reject) =>
    user.authenticateUser(details, { onSuccess: resolve, onFailure: reject }),
  );
}

/** Our claim for one challenge of the fake server. */
async function ourClaim(user: ReturnType<typeof createSrpUser>, password: string, a?: Uint8Array) {
  const start = await startSrp(a);
  const challenge = user.challenge(start.largeAHex);
  return passwordClaim({
    userPoolId,
    userIdForSrp: challenge.USER_ID_FOR_SRP,
    password,
    srpB: challenge.SRP_B,
    salt: challenge.SALT,
    secretBlock: challenge.SECRET_BLOCK,
    start,
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the fake SRP server is faithful to Cognito', () => {
  const user = createSrpUser({ userPoolId, userIdForSrp, password: 'Corr3ct horse ✓' });

  it('lets the real library sign in with the right password, over USER_SRP_AUTH', async () => {
    const calls = serveSrp(user);
    const session = await librarySignIn('Corr3ct horse ✓');
    expect(session).toBeInstanceOf(cognito.CognitoUserSession);
    expect(calls.map((c) => c.target)).toEqual(['InitiateAuth', 'RespondToAuthChallenge']);
    expect(calls[0]?.body).toMatchObject({
      AuthFlow: 'USER_SRP_AUTH',
      AuthParameters: { USERNAME: 'alice@example.com' },
    });
    expect(calls[1]?.body).toMatchObject({
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: { USERNAME: userIdForSrp },
    });
  });

  it('refuses the real library with a wrong password', async () => {
    serveSrp(user);
    await expect(librarySignIn('Corr3ct horse')).rejects.toMatchObject({ code: 'NotAuthorizedException' });
  });
});

describe('our SRP client', () => {
  it('is accepted by the server for 30 seeded passwords, salts, a and b, hitting every padHex case', async () => {
    const random = seeded('srp-1');
    const hit = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const password = passwordFrom(random(10));
      const user = createSrpUser({ userPoolId, userIdForSrp, password, random });
      expect(user.verify(await ourClaim(user, password, random(128)))).toBe(true);
      const round = user.rounds[0] as SrpRound;
      for (const [name, value] of Object.entries(round)) hit.add(`${name}: ${shape(value)}`);
    }
    const all = ['A', 'B', 'salt', 'u', 'S'].flatMap((name) =>
      ['odd', 'top bit', 'plain'].map((s) => `${name}: ${s}`),
    );
    expect([...hit].sort()).toEqual(all.sort());
  });

  it('is refused by the server with a wrong password', async () => {
    const user = createSrpUser({ userPoolId, userIdForSrp, password: 'right password' });
    expect(user.verify(await ourClaim(user, 'right passwort'))).toBe(false);
  });

  it('throws a plain Error for an SRP_B that is 0 mod N or not hex', async () => {
    const N = libHelper().helper.N.toString(16);
    const start = await startSrp();
    const claim = (srpB: string) =>
      passwordClaim({
        userPoolId,
        userIdForSrp,
        password: 'p',
        srpB,
        salt: 'ab',
        secretBlock: 'AAAA',
        start,
      });
    for (const zero of ['0', N, `${N}0`]) {
      await expect(claim(zero)).rejects.toThrow('Cognito sent an illegal SRP_B (B mod N is 0).');
    }
    await expect(claim('0x12')).rejects.toThrow('Cognito sent an invalid SRP_B (not hex).');
  });
});

describe('agreement with amazon-cognito-identity-js, byte for byte', () => {
  const hex = (seed: string, bytes: number) => Buffer.from(seeded(seed)(bytes)).toString('hex');
  // Between them the cases hit every padHex shape of A, B, salt, u and S (the B seeds were searched
  // for); a = 7 and a = 256 give A = 0x80 and A = 0x100. The test checks the shapes with the library.
  it.each([
    ['A top bit, B odd, salt top bit, u odd, S plain', '07', 'B107', 'f00d'],
    ['A odd, B plain, salt odd, u plain, S top bit', '0100', 'B28', 'abc'],
    ['A plain, B top bit, salt plain, u top bit, S odd', hex('a1', 128), 'B18', '007e57'],
  ])('makes the same SRP_A and claim as the library (%s)', async (shapes, aHex, bSeed, salt) => {
    const srpB = hex(bSeed, 384);
    const password = 'Pässwörd ✓ 😀';
    const secretBlock = Buffer.from(seeded('block')(300)).toString('base64');
    const now = new Date(Date.UTC(2026, 1, 3, 4, 5, 6));
    const start = await startSrp(Buffer.from(aHex, 'hex'));
    const ours = await passwordClaim({
      userPoolId,
      userIdForSrp,
      password,
      srpB,
      salt,
      secretBlock,
      start,
      now,
    });

    const { helper, big } = libHelper();
    helper.smallAValue = big(aHex);
    helper.largeAValue = undefined; // so that getLargeAValue computes it from smallAValue, as the constructor does
    const A = sync<Big>((cb) => helper.getLargeAValue(cb)).toString(16);
    expect(start.largeAHex).toBe(A);
    const key = sync<Uint8Array>((cb) =>
      helper.getPasswordAuthenticationKey(userIdForSrp, password, big(srpB), big(salt), cb),
    );
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    const timestamp = new lib.DateHelper().getNowString();
    // As CognitoUser.authenticateUserDefaultAuth signs: HMAC(key, poolName | user | block | timestamp).
    const message = [poolName, userIdForSrp, Buffer.from(secretBlock, 'base64'), timestamp];
    const signature = createHmac('sha256', key)
      .update(Buffer.concat(message.map((part) => Buffer.from(part))))
      .digest('base64');
    expect(ours).toEqual({
      PASSWORD_CLAIM_SECRET_BLOCK: secretBlock,
      TIMESTAMP: timestamp,
      PASSWORD_CLAIM_SIGNATURE: signature,
    });

    // The library's own u and S, to show which encodings this case exercised.
    const x = big(
      helper.hexHash(helper.padHex(big(salt)) + helper.hash(`${poolName}${userIdForSrp}:${password}`)),
    );
    const S = sync<Big>((cb) => helper.calculateS(x, big(srpB), cb)).toString(16);
    const values = { A, B: srpB, salt, u: helper.UValue.toString(16), S };
    const hit = Object.entries(values).map(([name, value]) => `${name} ${shape(BigInt(`0x${value}`))}`);
    expect(hit.join(', ')).toBe(shapes);
  });

  it('padHex encodes like the library: "0" before odd lengths, "00" before a set top bit', () => {
    const { helper, big } = libHelper();
    const cases: [bigint, string][] = [
      [0n, '00'],
      [1n, '01'],
      [0x14n, '14'],
      [0x80n, '0080'],
      [0xecn, '00ec'],
      [0xabcn, '0abc'],
      [0x8bcn, '08bc'],
      [0x7fffn, '7fff'],
      [0x8000n, '008000'],
    ];
    for (const [n, hex] of cases) {
      expect(padHex(n)).toBe(hex);
      expect(helper.padHex(big(n.toString(16)))).toBe(hex);
    }
  });
});

describe('cognitoTimestamp', () => {
  it('writes the day and hour of a date in UTC, the day unpadded and the time zero-padded', () => {
    expect(cognitoTimestamp(new Date(Date.UTC(2026, 1, 3, 4, 5, 6)))).toBe('Tue Feb 3 04:05:06 UTC 2026');
    expect(cognitoTimestamp(new Date(Date.UTC(2026, 11, 31, 23, 59, 9)))).toBe(
      'Thu Dec 31 23:59:09 UTC 2026',
    );
  });

  it('is what the library’s DateHelper writes at the same instant', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    for (const at of [
      Date.UTC(2026, 0, 1, 0, 0, 0),
      Date.UTC(2027, 6, 9, 9, 9, 59),
      Date.UTC(2028, 1, 29, 12, 30),
    ]) {
      vi.setSystemTime(at);
      expect(cognitoTimestamp(new Date(at))).toBe(new lib.DateHelper().getNowString());
    }
  });
});
