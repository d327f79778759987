import { scryptHasher, type PasswordHasher } from '../../hub/src/auth/passwords.js';

/**
 * The hasher tests use: the hub's own scrypt code at tiny parameters (N = 2^4, r = 8, p = 1: 16 KiB and well under a
 * millisecond), so a sign-in still hashes, salts and compares for real but does not pay 32 MiB of work. Only
 * tests/auth/accounts.test.ts's "passwords are stored as scrypt…" keeps the real parameters, and asserts them.
 */
export const fastPasswords: PasswordHasher = scryptHasher({ logN: 4, r: 8, p: 1, keyLen: 32, saltLen: 16 });
