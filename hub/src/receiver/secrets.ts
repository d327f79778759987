import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The receiver's database file and key file in a data directory. */
export const receiverDbFile = (dataDir: string) => path.join(dataDir, 'upstream.sqlite');
export const receiverKeyFile = (dataDir: string) => path.join(dataDir, 'upstream.key');

/**
 * A new shared secret: 32 random bytes as 64 lowercase hex characters: safe in a shell, an env file and a command
 * line (base64 may begin with "-", which option parsers take for a flag). The HMAC key is the secret's UTF-8 bytes.
 */
export const newSharedSecret = () => randomBytes(32).toString('hex');

/**
 * Seals the communes' shared secrets at rest (AES-256-GCM). The receiver must hold each secret itself to compute the
 * HMAC, so a hash will not do; the key lives in its own file beside the database (mode 0600), so a copy of the
 * database alone (a backup, a report export) does not give the secrets away (docs/decisions/0055).
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromKey(key: Buffer): SecretBox {
    if (key.length !== 32) throw new Error('the secret key must be 32 bytes');
    return new SecretBox(key);
  }

  /** Reads <dataDir>/upstream.key, or makes it (0600) the first time. */
  static forDataDir(dataDir: string): SecretBox {
    const file = receiverKeyFile(dataDir);
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, randomBytes(32).toString('base64') + '\n');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key (base64)`);
    return new SecretBox(key);
  }

  /** v1.<iv>.<tag>.<ciphertext>, each base64url. */
  seal(secret: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const ct = Buffer.concat([c.update(secret, 'utf8'), c.final()]);
    return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }

  open(sealed: string): string {
    const [v, iv, tag, ct] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unknown sealed secret format');
    const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  }
}
