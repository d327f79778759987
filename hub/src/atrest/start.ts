import type { Db } from '../db/open.js';
import { sealedStatus } from '../db/sealed.js';
import type { Logger } from '../log.js';
import { secureDataDir, type DataDirCheck } from './dataDir.js';

/**
 * Before the database is opened: the umask, the data directory's modes, one warning per path that was readable by
 * other accounts (fixed) or still is (not the hub's to fix). The same facts are `hub doctor`'s permissions check.
 */
export function secureDataDirAtStart(dataDir: string, log: Logger): DataDirCheck {
  const check = secureDataDir(dataDir);
  for (const f of check.fixed) {
    log.warn({ path: f.path, was: f.was, now: f.now }, `${f.path} could be read by other accounts of this machine (mode ${f.was}): made private (${f.now})`);
  }
  for (const p of check.left) {
    log.warn({ path: p.path, mode: p.mode }, `${p.path} can be read by other accounts of this machine (mode ${p.mode}) and the hub cannot change that: ${p.why}. Run "chmod go-rwx ${p.path}" as its owner or root`);
  }
  return check;
}

/**
 * After it is opened: sealed settings that the key file does not open (it was lost, or the database was restored
 * without the key it was sealed with). The hub runs on: those settings read as not set until entered again, and
 * the SMS callback secret is made anew by itself (docs/decisions/0085).
 */
export function warnUnreadableSecrets(db: Db, log: Logger): string[] {
  const { unreadable, keyFile } = sealedStatus(db);
  if (unreadable.length) {
    log.warn(
      { keyFile, settings: unreadable },
      `the key file ${keyFile} does not open the sealed settings ${unreadable.join(', ')}: the key file that sealed them was lost or replaced. ` +
        'They read as not set: enter those secrets again on /admin/settings (the SMS callback secret is made anew by itself), ' +
        'or stop the hub and put back the key file that was beside this database (docs/operations.md, "the key file")',
    );
  }
  return unreadable;
}
