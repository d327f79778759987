import { loadConfig } from '../config/config.js';
import { dbFile, openDb } from '../db/open.js';
import { keyFileOf } from '../db/sealed.js';
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
    if (values.from !== undefined || values.key !== undefined) usage('backup takes no --from or --key');
    // a second connection to the file: SQLite's online backup stays consistent while a running hub writes
    const db = openDb(dbFile(config.dataDir));
    try {
      const run = await commandServices(config, db).backups.backupNow('manual');
      if (!run.ok) {
        err.write(`hub: backup failed: ${run.error}\n`);
        return 1;
      }
      const file = path.join(config.dataDir, 'backups', run.file!);
      out.write(
        `Đã sao lưu và kiểm tra / backup made and verified (${run.bytes} bytes, ${run.durationMs} ms)${run.removed.length ? `; removed by rotation: ${run.removed.join(', ')}` : ''}\n` +
          `Các khóa bí mật trong bản sao lưu được niêm phong bằng tệp khóa ${keyFileOf(dbFile(config.dataDir))}, tệp này không nằm trong bản sao lưu: hãy giữ một bản của nó ở nơi khác. / ` +
          `The backup's secrets are sealed with ${keyFileOf(dbFile(config.dataDir))}, which is not in it: keep a copy of that key file apart (it does not change).\n` +
          `${file}\n`,
      );
      return 0;
    } finally {
      db.close();
    }
  }
  if (typeof values.from !== 'string' || !values.from) usage('restore needs --from FILE');
  try {
    if (values.key !== undefined && (typeof values.key !== 'string' || !values.key)) usage('--key needs a file');
    const r = restore(path.resolve(String(values.from)), config.dataDir, undefined, { key: values.key === undefined ? undefined : path.resolve(String(values.key)) });
    if (r.unreadable.length) {
      err.write(
        `hub: cảnh báo / warning: tệp khóa ${r.keyFile} không mở được các cài đặt bí mật ${r.unreadable.join(', ')} của bản sao lưu; hãy nhập lại chúng ở /admin/settings, ` +
          `hoặc khôi phục lại với --key <hub.key của máy đã tạo bản sao lưu>. / the key file ${r.keyFile} does not open the backup's sealed settings ` +
          `${r.unreadable.join(', ')}: enter them again on /admin/settings, or restore again with --key <the hub.key of the hub that made the backup>.\n`,
      );
    }
    out.write(
      `Đã khôi phục / restored ${r.restoredFrom} (schema ${r.versionBefore} → ${r.versionAfter})\n` +
        (r.keptAs ? `Cơ sở dữ liệu trước đó được giữ lại / the previous database was kept as ${r.keptAs}\n` : '') +
        (r.keyKeptAs ? `Tệp khóa trước đó được giữ lại / the previous key file was kept as ${r.keyKeptAs}\n` : '') +
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
