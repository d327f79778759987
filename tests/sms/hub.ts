import type { Logger } from '../../hub/src/log.js';
import type { SmsGateway } from '../../hub/src/sms/gateway.js';
import type { SmsRequest } from '../../hub/src/sms/port.js';
import type { SmsRow } from '../../hub/src/sms/store.js';
import { startTestHub, type TestClock, type TestHub } from '../kit/index.js';

export const ADMIN_PASSWORD = 'sms-admin-password-1';

export interface SmsHub extends TestHub {
  enqueue(req: Partial<SmsRequest> & { to: string }): string;
  row(id: string): SmsRow;
}

/** The kit's hub with an SMS section, the hub's own SMS service and the gateway given (a stand-in or a real Kannel). */
export async function smsHub(opts: { sms?: Record<string, unknown>; gateway?: SmsGateway; clock?: TestClock; port?: number; log?: Logger } = {}): Promise<SmsHub> {
  const h = await startTestHub({
    prefix: 'sms-hub-',
    clock: opts.clock,
    port: opts.port,
    log: opts.log,
    smsGateway: opts.gateway,
    adminPassword: ADMIN_PASSWORD,
    config: { commune: { code: '26734', name: 'UBND xã Ví Dụ' }, sms: opts.sms ?? {} },
  });
  return {
    ...h,
    enqueue: (req) =>
      h.db.transaction(() => h.hub.services.sms.enqueue({ kind: 'ready', fileId: null, vars: { fileCode: 'HS-2026-0042', procedure: 'Đăng ký khai sinh' }, ...req }).id)(),
    row: (id) => h.db.prepare('SELECT * FROM sms_messages WHERE id = ?').get(id) as SmsRow,
  };
}
