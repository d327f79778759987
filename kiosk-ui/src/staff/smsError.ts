import type { Messages } from '../i18n';

/**
 * Why a message failed or was not sent, in the reader's language when the hub's code is a known one (the hub's own
 * text is English, for its logs); the gateway's own codes (twilio-30003, …) keep the hub's words.
 */
export function smsErrorText(t: Messages, err: { code: string; text: string }): string {
  const known = (t.sms.errors as Record<string, string>)[err.code];
  if (known) return known;
  if (err.code.startsWith('network-')) return t.sms.errors['network-error']!;
  return err.text || err.code;
}
