import type { Clock } from '@onestop/shared';
import { readableConsole, type Logger } from '../../log.js';
import type { SmsConfig } from '../config.js';
import type { SmsGateway } from '../gateway.js';
import { ConsoleGateway } from './console.js';
import { KannelGateway } from './kannel.js';
import { TwilioGateway } from './twilio.js';
import { EsmsGateway } from './esms.js';
import { SpeedSmsGateway } from './speedsms.js';
import { HttpGateway } from './http.js';
import { resolveHttpGateway } from './http-config.js';

/** Skew allowed between the hub's clock and Twilio's when looking up an unanswered attempt. */
export const TWILIO_LOOKUP_SKEW_MS = 10 * 60_000;

/**
 * The gateway the configuration names. `dlrUrl` builds Kannel's per-message delivery-report address, `esmsReportUrl`
 * eSMS's (null when eSMS cannot reach the hub: no PUBLIC_BASE_URL, so statuses are polled).
 */
export function createGateway(
  config: SmsConfig,
  deps: { clock: Clock; log: Logger; dlrUrl: (id: string) => string; esmsReportUrl?: ((id: string) => string) | null },
): SmsGateway {
  switch (config.gateway) {
    case 'twilio': {
      const t = config.twilio!;
      return new TwilioGateway(
        {
          accountSid: t.accountSid!,
          authToken: t.authToken!,
          from: t.from,
          messagingServiceSid: t.messagingServiceSid,
          apiBase: t.apiBase,
          publicBaseUrl: config.publicBaseUrl ?? null,
          timeoutMs: config.requestTimeoutMs,
          lookupSkewMs: TWILIO_LOOKUP_SKEW_MS,
        },
        deps.clock,
        deps.log,
      );
    }
    case 'kannel': {
      const k = config.kannel!;
      return new KannelGateway(
        { sendsmsUrl: k.sendsmsUrl!, username: k.username!, password: k.password!, from: k.from, dlrUrl: deps.dlrUrl, timeoutMs: config.requestTimeoutMs },
        deps.clock,
      );
    }
    case 'esms': {
      const e = config.esms!;
      return new EsmsGateway({
        apiKey: e.apiKey!,
        secretKey: e.secretKey!,
        brandname: e.brandname!,
        apiBase: e.apiBase,
        reportUrl: deps.esmsReportUrl ?? null,
        timeoutMs: config.requestTimeoutMs,
      }, deps.clock);
    }
    case 'speedsms': {
      const s = config.speedsms!;
      return new SpeedSmsGateway({ token: s.token!, sender: s.sender!, apiBase: s.apiBase, timeoutMs: config.requestTimeoutMs });
    }
    case 'http': {
      const r = resolveHttpGateway(config.http ?? {});
      if (!r.ok) throw new Error(`sms.http.${r.path.join('.')}: ${r.message}`); // the configuration's check stops the start before this
      return new HttpGateway(r.value, config.requestTimeoutMs);
    }
    default:
      // on a terminal the message is printed in plain lines for the person watching; under a service, logged as JSON
      return new ConsoleGateway(deps.log, readableConsole() ? (text) => process.stdout.write(text) : undefined);
  }
}
