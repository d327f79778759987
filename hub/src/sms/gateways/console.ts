import { maskPhone, uuidv7 } from '@onestop/shared';
import type { Logger } from '../../log.js';
import type { LookupResult, OutgoingSms, SendResult, SmsGateway } from '../gateway.js';

/**
 * The default and demo gateway: the message is stored like any other and written to the log instead of a phone.
 * The number is masked in the log like everywhere else. A log line is not a delivery, so a message whose attempt
 * was interrupted is simply written again (lookup answers "not found").
 */
export class ConsoleGateway implements SmsGateway {
  readonly name = 'console';
  readonly callbacks = true;
  readonly sent: { id: string; to: string; body: string }[] = [];

  constructor(private readonly log: Logger) {}

  async send(msg: OutgoingSms): Promise<SendResult> {
    this.sent.push({ id: msg.id, to: msg.to, body: msg.body });
    if (this.sent.length > 100) this.sent.shift(); // the last few, for tests and the demo; the outbox table is the record
    this.log.info({ smsId: msg.id, to: maskPhone(msg.to), encoding: msg.encoding, segments: msg.segments, text: msg.body }, 'SMS (console gateway)');
    return { kind: 'accepted', gatewayId: `console-${uuidv7()}` };
  }

  async lookup(): Promise<LookupResult> {
    return { kind: 'not-found' };
  }
}
