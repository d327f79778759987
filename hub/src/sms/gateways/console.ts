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

  /** `print`: where a person reads the message in plain lines (the terminal); none under a service, whose log has it */
  constructor(
    private readonly log: Logger,
    private readonly print?: (text: string) => void,
  ) {}

  async send(msg: OutgoingSms): Promise<SendResult> {
    this.sent.push({ id: msg.id, to: msg.to, body: msg.body });
    if (this.sent.length > 100) this.sent.shift(); // the last few, for tests and the demo; the outbox table is the record
    if (this.print) this.print(consoleSmsText(maskPhone(msg.to), msg.body, msg.segments));
    else this.log.info({ smsId: msg.id, to: maskPhone(msg.to), encoding: msg.encoding, segments: msg.segments, text: msg.body }, 'SMS (console gateway)');
    return { kind: 'accepted', gatewayId: `console-${uuidv7()}` };
  }

  async lookup(): Promise<LookupResult> {
    return { kind: 'not-found' };
  }
}

/** A console-gateway SMS as a person reads it on the terminal: who to, then the text as the phone would show it. */
export function consoleSmsText(to: string, body: string, segments: number): string {
  return ['', `  ── SMS (cổng console / console gateway) ── đến / to ${to} · ${segments} tin / segment${segments === 1 ? '' : 's'}`, ...body.split('\n').map((l) => `  ${l}`), ''].join('\n') + '\n';
}
