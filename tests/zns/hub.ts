import { silentLogger } from '../../hub/src/log.js';
import { ConsoleGateway } from '../../hub/src/sms/gateways/console.js';
import type { SmsRow, AttemptRow } from '../../hub/src/sms/store.js';
import { startTestHub, TestClock, type TestHub } from '../kit/index.js';
import type { ZnsStandIn } from './zns-standin.js';

export const READY_TEMPLATE = '300001';

export interface ZnsHub extends TestHub {
  /** the SMS side: the console gateway, the real code (it keeps what it "sent") */
  sms: ConsoleGateway;
  enqueue(to: string, kind?: 'ready' | 'apology', fileId?: string | null): string;
  row(id: string): SmsRow;
  attempts(id: string): AttemptRow[];
}

/**
 * The kit's hub with ZNS on against the stand-in (the "ready" template approved there), SMS to the console
 * gateway, no quiet hours unless given. The token loop's first pass has run (an access token is in).
 */
export async function znsHub(z: ZnsStandIn, opts: { zns?: Record<string, unknown>; sms?: Record<string, unknown>; clock?: TestClock; port?: number; refresh?: boolean } = {}): Promise<ZnsHub> {
  z.approvedTemplates.set(READY_TEMPLATE, ['ma_ho_so', 'ten_thu_tuc']);
  const sms = new ConsoleGateway(silentLogger());
  const h = await startTestHub({
    prefix: 'zns-hub-',
    clock: opts.clock ?? new TestClock(),
    port: opts.port,
    smsGateway: sms,
    config: {
      commune: { code: '26734', name: 'UBND xã Ví Dụ' },
      // no undo window: a file's "ready" goes at once (tests/sms/one-part-and-undo.test.ts has the window)
      sms: { quietHours: '', requestTimeoutMs: 1500, contactPhone: '0210 3800 000', undoSeconds: 0, ...opts.sms },
      zns: {
        enabled: true,
        appId: z.appId,
        appSecret: z.appSecret,
        refreshToken: z.firstRefreshToken,
        apiBase: z.url,
        oauthBase: z.url,
        requestTimeoutMs: 1500,
        templates: { ready: { templateId: READY_TEMPLATE, params: 'ma_ho_so=fileCode; ten_thu_tuc=procedure' } },
        ...opts.zns,
      },
    },
  });
  if (opts.refresh !== false) await h.hub.services.zns.runOnce();
  return {
    ...h,
    sms,
    enqueue: (to, kind = 'ready', fileId = null) =>
      h.db.transaction(() => h.hub.services.sms.enqueue({ kind, fileId, to, vars: { fileCode: 'HS-2026-0042', procedure: 'Đăng ký khai sinh' } }).id)(),
    row: (id) => h.db.prepare('SELECT * FROM sms_messages WHERE id = ?').get(id) as SmsRow,
    attempts: (id) => h.hub.services.sms.attempts(id),
  };
}
