import type { SmsGateway } from './gateway.js';

/**
 * A channel tried before SMS for the kinds it has templates for (Zalo ZNS, hub/src/zns/). The SMS worker keeps
 * the outbox rules for both (validity window, quiet hours, "still true?", sending committed before the call, the
 * ambiguous send never repeated); the channel says whether it takes a message and how it stands.
 *
 * A refusal for good (`permanent` with `fallback: true`: no Zalo account for the number, template not approved,
 * quota used up) sends the same message by SMS, once; any other refusal fails the message as for SMS.
 */
export interface SmsChannel {
  readonly name: 'zns';
  /** sends, looks up and polls for this channel; its `name` is what `sms_messages.gateway` records */
  readonly gateway: SmsGateway;
  /** the channel is on and has an approved template for this kind of message */
  takes(kind: string): boolean;
  /**
   * Whether a message can go by this channel now: `ready`; `wait` until then (a token refresh in progress); or
   * `down` (no usable token and none coming: the message goes by SMS, with this reason recorded).
   */
  readiness(now: number): { state: 'ready' } | { state: 'wait'; until: number } | { state: 'down'; code: string; text: string };
}
