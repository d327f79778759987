import os from 'node:os';
import { systemClock } from '@onestop/shared';
import { ConfigError, maskSecrets, type HubConfig } from './config/config.js';
import { missingZnsToken } from './zns/store.js';
import { dbFile, openDb, upgradeOnLog } from './db/open.js';
import { createLogger, readableConsole } from './log.js';
import { stopOnSignals } from './lifecycle.js';
import { createHub } from './app.js';
import { startDemo } from './demo/demo.js';
import { startJobs } from './jobs/jobs.js';
import { displayUrl } from './upstream/client.js';
import { writePidFile } from './backup/runlock.js';
import { secureDataDirAtStart, warnUnreadableSecrets } from './atrest/start.js';
import { writeFirstAdminFile } from './auth/firstAdminFile.js';

/** Reads nothing itself: the CLI hands in the config. Opens the database, builds the hub, listens, stops cleanly. */
export async function startHub(config: HubConfig): Promise<void> {
  if (config.role === 'upstream') {
    // the province's receiver: its own composition root and database, none of the commune hub's features
    const { startReceiver } = await import('./receiver/main.js');
    return startReceiver(config);
  }
  const log = createLogger({ level: config.logLevel });
  // on a terminal the whole configuration would bury the banner below: there it is at debug level
  if (readableConsole()) log.info('starting hub'), log.debug({ config: maskSecrets(config) }, 'configuration');
  else log.info({ config: maskSecrets(config) }, 'starting hub');
  // the data at rest (issue 11, finding 3): private modes before SQLite makes a file; secrets the key does not open
  secureDataDirAtStart(config.dataDir, log);
  // a schema upgrade is named in the journal with the copy taken before it (db/open.ts)
  const db = openDb(dbFile(config.dataDir), undefined, { onUpgrade: upgradeOnLog(log) });
  warnUnreadableSecrets(db, log);
  const znsMissing = missingZnsToken(config.zns, db);
  if (znsMissing) {
    db.close();
    throw new ConfigError(`invalid configuration:\n  - zns.refreshToken: ${znsMissing}`);
  }
  const hub = createHub({ config, db, clock: systemClock, log });
  let firstAdminPath: string | null = null;
  const firstAdmin = await hub.services.auth.ensureFirstAdmin(config.adminPassword, (cred) => (firstAdminPath = writeFirstAdminFile(config.dataDir, cred)));
  if (hub.services.procedures.seedHolidaysOnce()) log.info('days off for this year and the next added to the calendar; check them in /admin');
  const port = await hub.listen();
  // `hub restore` refuses while this file names a live process (hub/src/backup/runlock.ts)
  const removePidFile = writePidFile(config.dataDir);
  // the upstream settings as the admin may have set them in /admin/settings (over the environment's defaults)
  const upstream = hub.services.settings.upstream();
  const jobs = startJobs(hub.jobs, log.child({ module: 'jobs' }));
  const demo = config.demo ? await startDemo({ services: hub.services, config, port, log: log.child({ module: 'demo' }) }) : null;

  const base = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
  const lan = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  const lines = [
    '',
    `  Hub xã ${config.commune.name} (${config.commune.code}) đang chạy / is running`,
    `  Kiosk đánh giá:     ${base}/kiosk`,
    `  Quầy cán bộ:        ${base}/counter`,
    `  Quản trị / Admin:   ${base}/admin`,
    `  Theo dõi trực tiếp: ${base}/admin/live`,
    `  Màn hình phòng chờ: ${base}/display`,
    ...(lan && config.host === '0.0.0.0' ? [`  Trong mạng LAN:     http://${lan}:${port}/kiosk`] : []),
    firstAdmin
      ? `  Đăng nhập quản trị lần đầu / first admin login: tài khoản / username = ${firstAdmin.username}, ${firstAdminPath ? `mật khẩu trong tệp / password in the file ${firstAdminPath}` : 'mật khẩu / password = HUB_ADMIN_PASSWORD'}  (đổi sau khi đăng nhập / change it after signing in)`
      : `  Đăng nhập quản trị / admin login: username admin, the password set earlier; more accounts: npx hub user add`,
    ...(hub.services.setup.identityGaps().length
      ? [`  Chưa nhập đủ tên xã, mã đơn vị, số điện thoại liên hệ: tin nhắn cho người dân được giữ lại đến khi nhập / citizen SMS are held until the commune's name, code and contact phone are set (${base}/admin/settings)`]
      : []),
    `  SMS: ${config.sms.gateway}${config.sms.gateway === 'console' ? ' (chỉ ghi vào nhật ký / written to the log only)' : ''}${config.sms.quietHours ? `, giờ yên lặng / quiet hours ${config.sms.quietHours}` : ''}`,
    `  Gửi số liệu lên tỉnh / upstream: ${upstream.url && upstream.secret ? `${displayUrl(upstream.url)}, hằng ngày lúc / daily at ${upstream.sendAt} (/admin/upstream)` : 'tắt / off (UPSTREAM_URL, UPSTREAM_SECRET, /admin/settings)'}`,
    ...(demo ? [`  Demo: quầy mô phỏng "${demo.counterName}" gửi đánh giá thỉnh thoảng / a simulated counter presses now and then`] : []),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');

  stopOnSignals(log, async () => {
    jobs.stop();
    await demo?.stop();
    await hub.close();
    removePidFile();
  });
}
