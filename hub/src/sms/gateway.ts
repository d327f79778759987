import type { SmsEncoding } from '@onestop/shared';

/** What a gateway is handed: one message, already rendered and measured. */
export interface OutgoingSms {
  id: string;
  to: string;
  body: string;
  encoding: SmsEncoding;
  segments: number;
  validUntil: number;
  /** when this attempt started (hub clock); a lookup searches from a little before it */
  attemptStartedAt: number;
  /** the message's kind and template values: a channel with its own approved templates (ZNS) fills them from these */
  kind?: string;
  vars?: Record<string, string>;
}

/**
 * The answer to one send. `unknown` is the ambiguous case: the request may or may not have reached the gateway
 * (a timeout, a connection reset after the request was written, a 502/504 from a proxy). An `unknown` message is
 * never sent again blindly; it is settled by `lookup` or by a delivery report (docs/decisions/0020-sms-ambiguous-send.md).
 */
export type SendResult =
  | { kind: 'accepted'; gatewayId: string | null; gatewayStatus?: string }
  | { kind: 'temporary'; code: string; text: string; retryAfterMs?: number }
  | { kind: 'permanent'; code: string; text: string }
  | { kind: 'unknown'; code: string; text: string };

/** A refusal by a channel tried before SMS (ZNS) that SMS can still overcome: the message goes by SMS instead, once. */
export type ChannelRefusal = Extract<SendResult, { kind: 'permanent' }> & { fallback: true };

export interface LookupRequest extends OutgoingSms {
  /** the gateway's id when a report already named it */
  gatewayId: string | null;
  /** true when that gateway id already belongs to another message of ours */
  isClaimed(gatewayId: string): boolean;
}

export type LookupResult =
  | { kind: 'found'; gatewayId: string; report: DeliveryReport | null }
  | { kind: 'not-found' }
  | { kind: 'unknown'; code: string; text: string };

/** A status the gateway told us, mapped onto ours. */
export type DeliveryReport =
  | { status: 'sent'; gatewayStatus: string; gatewayId?: string | null }
  | { status: 'delivered'; gatewayStatus: string; gatewayId?: string | null }
  | { status: 'failed'; gatewayStatus: string; gatewayId?: string | null; code: string; text: string };

export interface SmsGateway {
  readonly name: string;
  send(msg: OutgoingSms): Promise<SendResult>;
  /**
   * Looks for a message of ours at the gateway after an unanswered attempt. Gateways without one (Kannel) are
   * settled by their delivery report instead.
   */
  lookup?(msg: LookupRequest): Promise<LookupResult>;
  /** Asks the gateway for a message's current status, when no callback can reach the hub. */
  poll?(gatewayId: string, msg?: { to: string }): Promise<DeliveryReport | { status: 'unknown'; code: string; text: string }>;
  /** True when delivery reports reach the hub by themselves (callbacks); false when `poll` must ask. */
  readonly callbacks: boolean;
  /**
   * False when the provider sends unaccented (GSM-7) text only: a template that keeps accents is then sent without
   * them. Unset means it does (Twilio, Kannel with coding=2).
   */
  readonly unicode?: boolean;
  close?(): Promise<void>;
}

/** Network errors that prove the request never left this machine: the message certainly did not reach the gateway. */
export const NOT_SENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'ERR_INVALID_URL']);
