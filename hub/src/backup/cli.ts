import { loadConfig } from '../config/config.js';
import { dbFile, openDb } from '../db/open.js';
import { commandServices } from '../services.js';
import { restore, RestoreRefused } from './restore.js';
import path from 'node:path';

/** `hub backup` and `hub restore --from FILE`. Exit 0 done, 1 refused or failed (with the reason on stderr). */
export async function opsCli(
  cmd: 'backup' | 'restore',
  values: Record<string, string | boolean | undefined>,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  usage: (m: string) => never,
): Promise<number> {
  const config = loadConfig({ flags: values['data-dir'] ? { dataDir: values['data-dir'] } : {}, configFile: values.config as string | undefined });
  if (cmd === 'backup') {
    if (values.from !== undefined) usage('backup takes no --from');
    // a second connection to the file: SQLite's online backup stays consistent while a running hub writes
    const db = openDb(dbFile(config.dataDir));
    try {
      const run = await commandServices(config, db).backups.backupNow('manual');
      if (!run.ok) {
        err.write(`hub: backup failed: ${run.error}\n`);
        return 1;
      }
      const file = path.join(config.dataDir, 'backups', run.file!);
      out.write(`Đã sao lưu và kiểm tra / backup made and verified (${run.bytes} bytes, ${run.durationMs} ms)${run.removed.length ? `; removed by rotation: ${run.removed.join(', ')}` : ''}\n${file}\n`);
      return 0;
    } finally {
      db.close();
    }
  }
  if (typeof values.from !== 'string' || !values.from) usage('restore needs --from FILE');
  try {
    const r = restore(path.resolve(String(values.from)), config.dataDir);
    out.write(
      `Đã khôi phục / restored ${r.restoredFrom} (schema ${r.versionBefore} → ${r.versionAfter})\n` +
        (r.keptAs ? `Cơ sở dữ liệu trước đó được giữ lại / the previous database was kept as ${r.keptAs}\n` : '') +
        `${dbFile(config.dataDir)}\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof RestoreRefused) {
      err.write(`hub: restore refused: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
