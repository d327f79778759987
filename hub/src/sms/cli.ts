import { systemClock } from '@onestop/shared';
import type { Db } from '../db/open.js';
import type { HubConfig } from '../config/config.js';
import { silentLogger } from '../log.js';
import { ConsoleGateway } from './gateways/console.js';
import { SmsService } from './service.js';
import { SettingsService } from '../settings/service.js';

/**
 * `hub sms test --to PHONE [--data-dir DIR]`: queues a test message in the hub's outbox. The running hub's worker
 * sends it through the configured gateway (or it waits there until the hub starts). Prints its id on the last line.
 */
export function smsTestCommand(db: Db, config: HubConfig, to: string, out: NodeJS.WritableStream): string {
  // this process only writes the outbox; it never sends, so it needs no real gateway
  const settings = new SettingsService(db, config, systemClock); // the commune and contact phone as the admin set them
  const sms = new SmsService({ db, clock: systemClock, log: silentLogger(), config: settings.smsConfig(), communeName: settings.commune().name, gateway: new ConsoleGateway(silentLogger()) });
  const m = sms.sendTest(to);
  out.write(`Đã xếp tin nhắn thử tới ${m.to} (${m.encoding}, ${m.segments} phần) qua cổng ${settings.smsConfig().gateway}; hub đang chạy sẽ gửi.\n${m.id}\n`);
  return m.id;
}
