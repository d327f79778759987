import type { Clock } from '@onestop/shared';
import type { Logger } from '../../log.js';
import type { SmsConfig } from '../config.js';
import type { SmsGateway } from '../gateway.js';
import { ConsoleGateway } from './console.js';
import { KannelGateway } from './kannel.js';
import { TwilioGateway } from './twilio.js';

/** Skew allowed between the hub's clock and Twilio's when looking up an unanswered attempt. */
export const TWILIO_LOOKUP_SKEW_MS = 10 * 60_000;

/** The gateway the configuration names. `dlrUrl` builds Kannel's per-message delivery-report address. */
export function createGateway(config: SmsConfig, deps: { clock: Clock; log: Logger; dlrUrl: (id: string) => string }): SmsGateway {
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
    default:
      return new ConsoleGateway(deps.log);
  }
}
