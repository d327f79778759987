import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Seals secrets at rest (AES-256-GCM) with a key kept in its own file beside the database (mode 0600), so a copy of
 * the database alone (a backup, a copy handed to an analyst) does not give the secrets away. Used by the receiver for
 * the communes' shared secrets (docs/decisions/0055) and by the commune hub for the secret rows of its settings
 * table (hub/src/db/sealed.ts, docs/decisions/0085).
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromKey(key: Buffer): SecretBox {
    if (key.length !== 32) throw new Error('the secret key must be 32 bytes');
    return new SecretBox(key);
  }

  /** Reads the key file, or makes it (0600) the first time. */
  static forKeyFile(file: string): SecretBox {
    return SecretBox.readKeyFile(file) ?? (makeKeyFile(file), SecretBox.readKeyFile(file)!);
  }

  /** Reads the key file; null when there is none (nothing was ever sealed with it, or it was lost). Never makes one. */
  static readKeyFile(file: string): SecretBox | null {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    const key = Buffer.from(text.trim(), 'base64');
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

  /** Throws when the text was not sealed with this key (another key file, or altered). */
  open(sealed: string): string {
    const [v, iv, tag, ct] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unknown sealed secret format');
    const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  }
}

/**
 * A new key, whole or not at all: written and synced under a temporary name, then linked to its name, which fails
 * if another process made the key first (then theirs is used). A reader never sees a half-written key.
 */
function makeKeyFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.new`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.fchmodSync(fd, 0o600);
    fs.writeSync(fd, randomBytes(32).toString('base64') + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
