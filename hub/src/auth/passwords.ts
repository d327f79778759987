import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt at one of OWASP's equivalent parameter sets: N = 2^15, r = 8, p = 3 (the same work as
 * N = 2^17, r = 8, p = 1, but 32 MiB of memory instead of 128 MiB, which matters on a hub that is a small PC or a Pi;
 * docs/performance.md, finding 2). The stored form names its parameters, `scrypt$15$8$3$<salt>$<hash>` (base64url),
 * so they can be raised later and older hashes upgraded at the next sign-in (docs/decisions/0010-accounts-and-sessions.md).
 * Hashing runs on libuv's thread pool, so a sign-in does not stop ratings from being stored meanwhile, and one hash
 * at a time, so a burst of sign-in attempts costs time, not memory. That one queue is shared by every sign-in, so what
 * reaches it is bounded before: attempts over the limits are refused unhashed, and each address has one check in
 * flight at most (AuthService.login), so a flood from one address is not a queue in front of everyone else.
 */
export const SCRYPT_PARAMS = { logN: 15, r: 8, p: 3, keyLen: 32, saltLen: 16 } as const;
export type ScryptParams = { logN: number; r: number; p: number; keyLen: number; saltLen: number };
const work = (N: number, r: number, p: number) => N * r * p;

/**
 * What hashes and checks passwords. The hub's services take one through their deps (default: scrypt at
 * SCRYPT_PARAMS), so tests can hand in the same KDF at tiny parameters instead of paying 32 MiB per sign-in.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** whether the password matches, and whether the stored hash should be replaced by one at this hasher's parameters */
  verify(password: string, stored: string): Promise<{ ok: boolean; rehash: boolean }>;
}

let queue: Promise<unknown> = Promise.resolve();

function derive(password: string, salt: Buffer, keyLen: number, o: { N: number; r: number; p: number }): Promise<Buffer> {
  // maxmem must exceed 128 * N * r bytes
  const opts: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r + 1024 * 1024 };
  const run = () => new Promise<Buffer>((resolve, reject) => scrypt(password.normalize('NFC'), salt, keyLen, opts, (err, key) => (err ? reject(err) : resolve(key))));
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}

interface Parsed {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
  current: boolean;
}

function parse(stored: string, params: ScryptParams): Parsed | null {
  const f = stored.split('$');
  if (f[0] !== 'scrypt') return null;
  if (f.length === 6) {
    const [logN, r, p] = [Number(f[1]), Number(f[2]), Number(f[3])];
    if (![logN, r, p].every((n) => Number.isInteger(n) && n > 0) || logN > 22) return null;
    const current = work(2 ** logN, r, p) >= work(2 ** params.logN, params.r, params.p) && logN <= params.logN;
    return { N: 2 ** logN, r, p, salt: Buffer.from(f[4]!, 'base64url'), key: Buffer.from(f[5]!, 'base64url'), current };
  }
  // the temporary admin password of schema version 1: scrypt$<salt hex>$<hash hex> at N = 2^15
  if (f.length === 3) return { N: 2 ** 15, r: 8, p: 1, salt: Buffer.from(f[1]!, 'hex'), key: Buffer.from(f[2]!, 'hex'), current: false };
  return null;
}

/** scrypt at the given parameters; a stored hash at weaker (or other) parameters is checked and marked for rehash. */
export function scryptHasher(params: ScryptParams = SCRYPT_PARAMS): PasswordHasher {
  return {
    async hash(password) {
      const { logN, r, p, keyLen, saltLen } = params;
      const salt = randomBytes(saltLen);
      const key = await derive(password, salt, keyLen, { N: 2 ** logN, r, p });
      return `scrypt$${logN}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
    },
    async verify(password, stored) {
      const h = parse(stored, params);
      if (!h || h.key.length < 16) return { ok: false, rehash: false };
      const got = await derive(password, h.salt, h.key.length, h);
      const ok = timingSafeEqual(got, h.key);
      return { ok, rehash: ok && !h.current };
    },
  };
}

/** The hub's hasher: scrypt at SCRYPT_PARAMS. */
export const defaultPasswords: PasswordHasher = scryptHasher();

export const hashPassword = (password: string): Promise<string> => defaultPasswords.hash(password);

/** Whether the password matches, and whether the stored hash should be replaced by one at today's parameters. */
export const verifyPassword = (password: string, stored: string): Promise<{ ok: boolean; rehash: boolean }> => defaultPasswords.verify(password, stored);

/** 12 random characters from an alphabet without look-alikes (no 0/O, 1/l/I): read aloud or copied from a screen. */
export function generatePassword(length = 12): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length];
  }
  return out.length === length ? out : generatePassword(length);
}
