import type { Messages } from '../i18n';

/**
 * Why a message failed or was not sent, in the reader's language when the hub's code is a known one (the hub's own
 * text is English, for its logs), Zalo's refusals (zns-118) in Zalo's words; other gateways' own codes (twilio-30003,
 * …) keep the hub's words.
 */
export function smsErrorText(t: Messages, err: { code: string; text: string }): string {
  const known = (t.sms.errors as Record<string, string>)[err.code];
  if (known) return known;
  if (err.code.startsWith('network-')) return t.sms.errors['network-error']!;
  const zns = /^zns(-\d+)$/.exec(err.code);
  const why = zns ? t.sms.znsErrors[zns[1]!] : undefined;
  if (why) return t.sms.znsRefused(why);
  return err.text || err.code;
}
