import { systemClock } from '@onestop/shared';
import { maskSecrets, type HubConfig } from '../config/config.js';
import { openDb } from '../db/open.js';
import { createLogger } from '../log.js';
import { stopOnSignals } from '../lifecycle.js';
import { createReceiver } from './app.js';
import { writeFirstAdminFile } from '../auth/firstAdminFile.js';
import { RECEIVER_MIGRATIONS } from './migrations.js';
import { receiverBox, receiverDbFile } from './secrets.js';
import { secureDataDirAtStart } from '../atrest/start.js';

/** `hub start --role upstream`: opens upstream.sqlite, builds the receiver, listens, prints the banner, stops on SIGTERM. */
export async function startReceiver(config: HubConfig): Promise<void> {
  const log = createLogger({ level: config.logLevel });
  log.info({ config: maskSecrets(config) }, 'starting the upstream receiver');
  secureDataDirAtStart(config.dataDir, log);
  const db = openDb(receiverDbFile(config.dataDir), RECEIVER_MIGRATIONS);
  const box = receiverBox(config.dataDir);
  const receiver = createReceiver({ config, db, box, clock: systemClock, log });
  let firstAdminPath: string | null = null;
  const firstAdmin = await receiver.services.auth.ensureFirstAdmin(config.adminPassword, (cred) => (firstAdminPath = writeFirstAdminFile(config.dataDir, cred)));
  const port = await receiver.listen();
  const base = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
  const n = receiver.services.communes.list().length;
  const lines = [
    '',
    `  Máy chủ tiếp nhận số liệu (tỉnh) đang chạy / the upstream receiver is running`,
    `  Trang tỉnh / province pages: ${base}/province`,
    `  Nhận bản tổng hợp / summaries:  POST ${base}/api/v1/summaries  (kiểm tra / check: GET ${base}/api/v1/ping)`,
    `  Số xã đã đăng ký / communes registered: ${n}${n === 0 ? '  (thêm xã / add one: npx hub commune add --code CODE --name NAME)' : ''}`,
    firstAdmin
      ? `  Đăng nhập lần đầu / first login: tài khoản / username = ${firstAdmin.username}, ${firstAdminPath ? `mật khẩu trong tệp / password in the file ${firstAdminPath}` : 'mật khẩu / password = HUB_ADMIN_PASSWORD'}  (đổi sau khi đăng nhập / change it after signing in)`
      : `  Đăng nhập / login: username admin, the password set earlier`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');

  stopOnSignals(log, () => receiver.close());
}
