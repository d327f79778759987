import type { Services } from '../services.js';

/**
 * `hub sms test --to PHONE [--data-dir DIR]`: queues a test message in the hub's outbox. The running hub's worker
 * sends it through the configured gateway (or it waits there until the hub starts). Prints its id on the last line.
 */
export function smsTestCommand({ sms, settings }: Pick<Services, 'sms' | 'settings'>, to: string, out: NodeJS.WritableStream): string {
  // a command's services only write the outbox (commandServices); the commune and contact phone as the admin set them
  const m = sms.sendTest(to);
  out.write(`Đã xếp tin nhắn thử tới ${m.to} (${m.encoding}, ${m.segments} phần) qua cổng ${settings.smsConfig().gateway}; hub đang chạy sẽ gửi.\n${m.id}\n`);
  return m.id;
}
