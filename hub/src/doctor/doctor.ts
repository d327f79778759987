import type { HubConfig } from '../config/config.js';
import { dbFile, openDb } from '../db/open.js';
import { MIGRATIONS } from '../db/migrations.js';
import { commandServices } from '../services.js';
import { checkBackup, checkDatabase, checkDisk, checkPermissions, checkSecrets } from './files.js';
import { checkClock, checkDevices, checkNode, checkTimezone, checkUpstream } from './live.js';
import { checkSms } from './sms.js';
import { MESSAGES, TITLES, type Lang } from './messages.js';
import type { Finding } from './types.js';

export interface DoctorReport {
  ok: boolean;
  checks: (Finding & { title: string; message: string; todo: string | null })[];
}

/**
 * Every check, in the order a technician would fix things. The checks that need the hub's services run only on a
 * database that is intact and of this hub's version, so the doctor never migrates or repairs anything.
 */
export async function runDoctor(config: HubConfig, lang: Lang, now = Date.now()): Promise<DoctorReport> {
  const findings: Finding[] = [];
  const database = checkDatabase(dbFile(config.dataDir));
  findings.push(database, checkDisk(config.dataDir), checkPermissions(config.dataDir), checkBackup(config.dataDir, now));
  if (database.code === 'database-ok') {
    const db = openDb(dbFile(config.dataDir), MIGRATIONS, { sealPlain: false });
    try {
      // before the services are built: the SMS service makes its callback secret anew when the key does not open it
      const secrets = checkSecrets(db);
      const services = commandServices(config, db);
      const upstream = services.settings.upstreamSending();
      findings.push(await checkClock(db, now, upstream.url ?? undefined), secrets, await checkSms(services.settings.smsConfig()), await checkUpstream(services), checkDevices(db, services, now));
    } finally {
      db.close();
    }
  }
  findings.push(checkNode(), checkTimezone());
  const checks = findings.map((f) => {
    const text = MESSAGES[lang][f.code];
    return { ...f, title: TITLES[lang][f.id], message: text?.say(f.facts) ?? f.code, todo: text?.todo?.(f.facts) ?? null };
  });
  return { ok: checks.every((c) => c.status !== 'fail'), checks };
}

const MARK = { ok: '✓', warn: '⚠', fail: '✗' } as const;

export function formatReport(r: DoctorReport, lang: Lang): string {
  const lines = r.checks.map((c) => `${MARK[c.status]} ${c.title}: ${c.message}${c.todo ? `\n    → ${c.todo}` : ''}`);
  const fails = r.checks.filter((c) => c.status === 'fail').length;
  const warns = r.checks.filter((c) => c.status === 'warn').length;
  lines.push(
    '',
    lang === 'vi'
      ? fails
        ? `Chưa sẵn sàng: ${fails} lỗi (✗), ${warns} cảnh báo (⚠).`
        : `Sẵn sàng${warns ? `, với ${warns} cảnh báo (⚠)` : ''}.`
      : fails
        ? `Not ready: ${fails} failed (✗), ${warns} warnings (⚠).`
        : `Ready${warns ? `, with ${warns} warnings (⚠)` : ''}.`,
  );
  return lines.join('\n') + '\n';
}
