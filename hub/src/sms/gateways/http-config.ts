import { z } from 'zod';
import esmsPreset from './presets/esms.json' with { type: 'json' };
import speedsmsPreset from './presets/speedsms.json' with { type: 'json' };
import { NUMBER_FORMATS } from './number-format.js';

/**
 * The generic HTTP gateway's settings (`sms.http` in the configuration file). Presets are data: a preset is a
 * partial of these settings (hub/src/sms/gateways/presets/*.json) that the file's own values override.
 *
 * Placeholders, in the URL, the body template, header values and the authentication: {phone} (in `numberFormat`),
 * {text}, {sender}, {messageId} (our id), {unicode} ("1" when the text is UCS-2, else "0"), {secret.NAME} (a value
 * of `secrets`, kept out of logs).
 */
export const HTTP_PRESETS = { esms: esmsPreset, speedsms: speedsmsPreset } as const;
export type HttpPresetName = keyof typeof HTTP_PRESETS;

const headerName = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'a header name: letters, digits and -');
const placeholderText = z.string().max(2000);

/** The fields every complete setting has, after the preset and the file's values are merged. */
export const httpGatewaySettings = z.strictObject({
  url: z.string().regex(/^https?:\/\//, 'an http:// or https:// address').max(500),
  method: z.enum(['POST', 'GET', 'PUT']).default('POST'),
  auth: z
    .discriminatedUnion('type', [
      z.strictObject({ type: z.literal('basic'), username: placeholderText, password: placeholderText }),
      z.strictObject({ type: z.literal('header'), name: headerName, secret: placeholderText }),
    ])
    .optional(),
  headers: z.record(headerName, placeholderText).default({}),
  /** JSON: any JSON whose strings may hold placeholders; form: name → value (the query string for GET) */
  body: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('json'), template: z.unknown() }),
    z.strictObject({ type: z.literal('form'), template: z.record(z.string().min(1).max(100), placeholderText) }),
  ]),
  /** where the answer says yes: a dotted path into the JSON answer and the values that mean "accepted" */
  success: z.strictObject({ path: z.string().max(200), values: z.array(z.string().max(100)).min(1) }),
  /** where the provider's error code is; the success path when unset */
  codePath: z.string().max(200).optional(),
  /** where the provider's message id is */
  idPath: z.string().max(200).optional(),
  /** codes that fail the message at once; codes in neither list fail it too (never retried blindly) */
  permanentCodes: z.array(z.string().max(40)).default([]),
  /** codes worth retrying later (balance, rate limit) */
  temporaryCodes: z.array(z.string().max(40)).default([]),
  numberFormat: z.enum(NUMBER_FORMATS).default('international'),
  /** whether the provider sends accented (UCS-2) text; when false every message goes unaccented */
  unicode: z.boolean().default(false),
  sender: z.string().max(40).default(''),
  secrets: z.record(z.string().regex(/^[A-Za-z0-9_]{1,40}$/), z.string().max(500)).default({}),
});
export type HttpGatewaySettings = z.infer<typeof httpGatewaySettings>;

/** `sms.http` as written in the file: every field optional when a preset gives it. */
export const httpGatewayConfig = z
  .object({ preset: z.enum(Object.keys(HTTP_PRESETS) as [HttpPresetName, ...HttpPresetName[]]).optional() })
  .catchall(z.unknown());
export type HttpGatewayConfig = z.infer<typeof httpGatewayConfig>;

/** The preset with the file's values over it, checked; an error names the first field that is wrong. */
export function resolveHttpGateway(c: HttpGatewayConfig): { ok: true; value: HttpGatewaySettings } | { ok: false; path: (string | number)[]; message: string } {
  const { preset, ...own } = c;
  const merged = { ...(preset ? structuredClone(HTTP_PRESETS[preset]) : {}), ...own };
  const r = httpGatewaySettings.safeParse(merged);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0]!;
  return { ok: false, path: issue.path as (string | number)[], message: issue.message };
}
