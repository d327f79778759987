import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { SecretBox } from '../atrest/secretBox.js';

/** The receiver's database file and key file in a data directory. */
export const receiverDbFile = (dataDir: string) => path.join(dataDir, 'upstream.sqlite');
export const receiverKeyFile = (dataDir: string) => path.join(dataDir, 'upstream.key');

/** The box that seals the communes' shared secrets: <dataDir>/upstream.key, made (0600) at first use (docs/decisions/0055). */
export const receiverBox = (dataDir: string) => SecretBox.forKeyFile(receiverKeyFile(dataDir));

/**
 * A new shared secret: 32 random bytes as 64 lowercase hex characters: safe in a shell, an env file and a command
 * line (base64 may begin with "-", which option parsers take for a flag). The HMAC key is the secret's UTF-8 bytes.
 */
export const newSharedSecret = () => randomBytes(32).toString('hex');
