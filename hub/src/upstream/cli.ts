import { isValidDay, systemClock, type Clock } from '@onestop/shared';
import type { HubConfig } from '../config/config.js';
import type { Db } from '../db/open.js';
import type { Logger } from '../log.js';
import { ServiceError } from '../http/errors.js';
import { displayUrl } from './client.js';
import { commandServices, type Services } from '../services.js';
import type { SendResult, UpstreamService } from './service.js';

/**
 * The hub's own sender on this database, without its loop: the settings as the running hub sees them (the
 * environment and config file, then what the admin set in /admin/settings), timing included.
 */
function sender(db: Db, config: HubConfig, log: Logger, clock: Clock): { upstream: UpstreamService; up: ReturnType<Services['settings']['upstream']>; commune: { code: string; name: string } } {
  const { settings, upstream } = commandServices(config, db, { clock, log, upstreamPolicy: { loop: false } });
  const { code, name } = settings.commune();
  return { upstream, up: settings.upstream(), commune: { code, name } };
}

function line(r: SendResult): string {
  const o = r.outcome;
  const head = `${r.date}  lần sửa / revision ${r.revision}  `;
  if (o.kind === 'sent') return `${head}đã gửi / sent (${o.answer})`;
  if (o.kind === 'permanent') return `${head}bị từ chối / refused: HTTP ${o.status} ${o.reason}${o.detail ? ` ${o.detail}` : ''} (không tự gửi lại / not retried)`;
  return `${head}chưa gửi được / not delivered: ${o.status ? `HTTP ${o.status} ` : ''}${o.reason}${o.detail ? ` ${o.detail}` : ''} (sẽ thử lại / will retry)`;
}

/**
 * `hub upstream test`: checks the link and the key (the receiver's signed ping). Exit 0 when accepted.
 * `hub upstream send [--date D]`: builds what is due (or that day) and sends it now, ignoring back-off timers;
 * prints one line per day; exit 1 when any day was not delivered.
 */
export async function upstreamCli(
  db: Db,
  config: HubConfig,
  sub: string,
  values: Record<string, unknown>,
  out: NodeJS.WritableStream,
  log: Logger,
  usage: (m: string) => never,
  clock: Clock = systemClock,
): Promise<number> {
  if (sub !== 'test' && sub !== 'send') return usage('upstream needs a subcommand: test | send');
  const { upstream: up, up: eff, commune } = sender(db, config, log, clock);
  if (!up.enabled()) throw new ServiceError('upstream-not-configured', 'set UPSTREAM_URL and UPSTREAM_SECRET, "upstream": { "url", "secret" } in the config file, or the upstream settings in /admin/settings');
  const where = `${displayUrl(eff.url!)} (xã / commune ${commune.code})`;
  if (sub === 'test') {
    const r = await up.testLink();
    out.write(
      r.ok
        ? `Kết nối và khóa bí mật hợp lệ / link and key accepted: ${where}\n`
        : `Không được / failed: ${where}: ${r.status ? `HTTP ${r.status} ` : ''}${r.reason}${r.detail ? ` ${r.detail}` : ''}\n`,
    );
    return r.ok ? 0 : 1;
  }
  // send
  const date = values.date as string | undefined;
  if (date !== undefined && !isValidDay(date)) usage('--date must be YYYY-MM-DD');
  if (date) {
    up.check({ date });
    const latest = up.store.latest(date);
    // asked for by name: a day refused earlier is sent again, as the admin page's "send again"
    if (latest && latest.status !== 'pending') up.resend(date);
  } else {
    up.check({ full: true });
  }
  const results = await up.sendPass({ force: true, date });
  if (results.length === 0) {
    out.write(date ? `${date}: không có gì để gửi / nothing to send\n` : `Không có bản tổng hợp nào chờ gửi / nothing pending (${where})\n`);
    return 0;
  }
  for (const r of results) out.write(line(r) + '\n');
  return results.every((r) => r.outcome.kind === 'sent') ? 0 : 1;
}
