import fs from 'node:fs';

/**
 * The data directory holds names, phone numbers, password hashes and secrets: the hub's files are for the hub's
 * account alone (docs/decisions/0085). Every file the hub writes is made with these modes from the start (never
 * made readable and narrowed afterwards, which leaves a moment in which another account can open it and keep
 * reading); the umask is the second line for files other code creates (SQLite, exceljs).
 */
export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/** Files and folders the process makes from now on are private whatever the caller asked for (0o077). */
export function privateUmask(): void {
  process.umask(0o077);
}

/** Makes the folder (and missing parents) 0700; a folder that exists is left as it is (the start-up check fixes those). */
export function privateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
}

/**
 * An empty file of mode 0600 to be written into by other code (SQLite's backup, VACUUM INTO, a stream): those keep
 * the mode of a file that exists. One left from an interrupted run is emptied and made private again.
 */
export function createPrivateFile(file: string): void {
  const fd = fs.openSync(file, 'w', PRIVATE_FILE);
  try {
    fs.fchmodSync(fd, PRIVATE_FILE);
  } finally {
    fs.closeSync(fd);
  }
}

/** writeFileSync for a private file (0600 even when the file was there with another mode). */
export function writePrivateFile(file: string, data: string | Buffer): void {
  const fd = fs.openSync(file, 'w', PRIVATE_FILE);
  try {
    fs.fchmodSync(fd, PRIVATE_FILE);
    fs.writeFileSync(fd, data);
  } finally {
    fs.closeSync(fd);
  }
}
