import fs from 'node:fs';
import path from 'node:path';

/**
 * Where a generated first admin password is kept: `<data dir>/first-admin-password`, mode 0600, the same file and
 * format the installer writes (scripts/install/install-hub.sh). Its path is printed, never the password: what a
 * service prints goes to the journal, which other users of the machine may read.
 */
export const FIRST_ADMIN_FILE = 'first-admin-password';

export const firstAdminFile = (dataDir: string) => path.resolve(dataDir, FIRST_ADMIN_FILE);

/** Writes the file (replacing a stale one from an earlier database) with mode 0600 from its first byte. */
export function writeFirstAdminFile(dataDir: string, cred: { username: string; password: string }): string {
  const file = firstAdminFile(dataDir);
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, `username: ${cred.username}\npassword: ${cred.password}\n`, { mode: 0o600, flag: 'wx' });
  return file;
}
