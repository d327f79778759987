/**
 * Writes the generated parts of docs/protocols/socket.md from the code: `npm run docs:socket` (`-- --check` only
 * says whether the page is current, exit 1 when not). tests/docs/socket-doc.test.ts fails when the page differs.
 *
 * Each generated part sits between `<!-- socket-doc:begin NAME … -->` and `<!-- socket-doc:end NAME -->`; everything
 * outside the markers is hand-written prose and is kept as it is. Field names, types and bounds come from the zod
 * schemas in shared/src (through zod's JSON Schema), the reason codes from REASONS, their HTTP status from the hub's
 * HTTP_STATUS, the default scales from DEFAULT_BUTTON_MAPS. What a field or code means is written here, once; a note
 * for a field that no longer exists stops the script.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  boxStatus,
  createCounterRequest,
  DEFAULT_BUTTON_MAPS,
  deviceConfig,
  MAX_SOCKET_MESSAGE_BYTES,
  NEVER_RETRY_REASONS,
  pairRequest,
  pairResponse,
  ratingAckData,
  ratingEvent,
  REASON_CODES,
  REASONS,
  SCORE_LABELS_VI,
  type AlertsToLive,
  type ButtonCount,
  type DeviceToHub,
  type HubToDevice,
  type HubToDisplay,
  type HubToLive,
  type HubToStaff,
  type ReasonCode,
  type Score,
} from '@onestop/shared';
import { HTTP_STATUS } from '../../hub/src/http/errors.ts';

export const SOCKET_DOC = fileURLToPath(new URL('../../docs/protocols/socket.md', import.meta.url));

// ---------- the events (each list is checked against the protocol's interfaces by the type checker) ----------

interface EventDoc {
  payload: string;
  ack: string;
  note: string;
}

const DEVICE_TO_HUB: Record<keyof DeviceToHub, EventDoc> = {
  'rating:submit': { payload: '[`RatingEvent`](#ratingevent)', ack: '[`RatingAck`](#the-ack-envelopes)', note: 'acked only after the rating is committed to disk' },
  'box:status': { payload: '[`BoxStatus`](#boxstatus)', ack: '`null`', note: 'the agent\'s view of its button box; the ack is optional' },
};
const HUB_TO_DEVICE: Record<keyof HubToDevice, EventDoc> = {
  'device:config': { payload: '[`DeviceConfig`](#deviceconfig-and-post-apipairs-answer)', ack: '—', note: 'on connect, and whenever an admin changes the device or its counter' },
  'device:revoked': { payload: '—', ack: '—', note: 'the hub disconnects the socket right after' },
  'device:invite': { payload: '`{ ms: number }`', ack: '—', note: 'a file was just returned at this counter: invite a rating for `ms` milliseconds (the next rating within 5 minutes is linked to the file)' },
  'device:duty': { payload: '`DeviceDuty` (`{ counterId, onDuty: { name, title, photo: { type, base64 } \\| null } \\| null }`)', ack: '—', note: 'kiosks only: on connect, and whenever who is on duty at the counter changes (sign-in, sign-out, take-over, idle lapse within a minute) or an admin changes their title or photo' },
};
const HUB_TO_LIVE: Record<keyof HubToLive, EventDoc> = {
  'live:snapshot': { payload: '`LiveSnapshot`', ack: '—', note: 'on connect' },
  'live:rating': { payload: '`LiveRating`', ack: '—', note: 'every stored rating' },
  'live:presence': { payload: '`DevicePresence`', ack: '—', note: 'every change of a device\'s presence; its `box` is a [`BoxStatus`](#boxstatus) or `null`' },
};
const ALERTS_TO_LIVE: Record<keyof AlertsToLive, EventDoc> = {
  'alerts:count': { payload: 'number', ack: '—', note: 'how many alerts are open (the admin pages\' badge): on connect, and at every change (hub/src/alerts/routes.ts)' },
};
const HUB_TO_STAFF: Record<keyof HubToStaff, EventDoc> = {
  'staff:duty-ended': {
    payload: '`DutyEnded` (`{ reason: \'taken-over\' \\| \'session-ended\', by: string \\| null }`)',
    ack: '—',
    note: '`taken-over`: a colleague confirmed signing in at this counter (`by`: their name); `session-ended` (`by` `null`): signed out, account disabled, password changed, or the session lapsed by age or idleness (looked for every minute). The hub closes the socket right after',
  },
};
const HUB_TO_DISPLAY: Record<keyof HubToDisplay, EventDoc> = {
  'display:figures': { payload: '`DisplayFigures` (shared/src/display.ts)', ack: '—', note: 'on connect, after a change (at most once a second), and every half minute' },
};

function eventsTable(): string {
  const rows: string[] = ['| namespace | direction | event | payload | ack data | when, what |', '|---|---|---|---|---|---|'];
  const add = (nsp: string, dir: string, events: Record<string, EventDoc>) => {
    for (const [name, e] of Object.entries(events)) rows.push(`| \`${nsp}\` | ${dir} | \`${name}\` | ${e.payload} | ${e.ack} | ${e.note} |`);
  };
  add('/device', 'device → hub', DEVICE_TO_HUB);
  add('/device', 'hub → device', HUB_TO_DEVICE);
  add('/live', 'hub → page', HUB_TO_LIVE);
  add('/live', 'hub → page', ALERTS_TO_LIVE);
  add('/staff', 'hub → page', HUB_TO_STAFF);
  add('/display', 'hub → screen', HUB_TO_DISPLAY);
  return rows.join('\n');
}

// ---------- the payloads, from the schemas ----------

/** What a field means, by `Schema.path`; the type and bounds come from the schema itself. */
const FIELD_NOTES: Record<string, string> = {
  'RatingEvent.id': 'a UUIDv7 made where the press was born; the hub de-duplicates on it',
  'RatingEvent.source': '`button` from an agent, `touch` from a kiosk',
  'RatingEvent.button': 'required for `button`, forbidden for `touch`; 1 is the leftmost; mapped to a score by the device\'s scale; beyond the scale: `button-out-of-range`',
  'RatingEvent.score': 'required for `touch`, forbidden for `button`; must be one of the device scale\'s scores, else `score-not-on-scale`',
  'RatingEvent.deviceTime': 'epoch ms, the device\'s clock at the press; the hub dates the rating by it when it is at most 5 minutes ahead of the hub\'s clock and at most 60 days behind, by its own receive time otherwise',
  'RatingEvent.reasons': 'the reasons the citizen chose on the kiosk after a low score',
  'RatingEvent.comment': 'trimmed; stored only in the commune hub',
  'RatingEvent.box': 'from the agent, for tracing a press back to its box',
  'RatingEvent.box.serial': 'the box\'s serial, as in its `$HELLO`',
  'RatingEvent.box.seq': 'the box\'s press sequence number (serial v1 `$PRESS`)',
  'BoxStatus.portPath': 'the serial port, or the keypad\'s input device',
  'BoxStatus.portOpen': 'the agent has the port open',
  'BoxStatus.mode': '`v1` (serial v1 box), `raw` (digits only), `simulated`, `keypad` (a USB keypad read as a Linux input device)',
  'BoxStatus.online': 'the box spoke within the last 30 s; a keypad: while its device is open',
  'BoxStatus.hello': 'the box\'s last `$HELLO`; `null` before the first one, and always for a keypad',
  'BoxStatus.hello.serial': '',
  'BoxStatus.hello.firmware': '',
  'BoxStatus.hello.buttons': 'as the box announced it (serial v1 says 2–5)',
  'BoxStatus.hello.at': 'epoch ms on the agent\'s clock',
  'BoxStatus.lastBeatAt': 'epoch ms of the last `$BEAT`, on the agent\'s clock',
  'BoxStatus.lastHeardAt': 'epoch ms of the last line of any kind, on the agent\'s clock',
  'BoxStatus.droppedLines': 'lines the agent could not use (bad checksum, too long; a keypad: keys it ignored)',
  'BoxStatus.queued': 'presses in the agent\'s outbox, not yet acknowledged by the hub',
  'PairRequest.code': 'the 8-digit one-time code from the admin page or `hub pair-code`; spaces around it are trimmed',
  'PairRequest.kind': '`agent` for a counter agent (button box), `kiosk` for a touchscreen',
  'PairRequest.label': 'shown on the admin pages',
  'DeviceConfig.deviceId': 'the device\'s id at the hub',
  'DeviceConfig.kind': 'as paired',
  'DeviceConfig.counter': 'the counter the device rates',
  'DeviceConfig.counter.id': '',
  'DeviceConfig.counter.name': '',
  'DeviceConfig.scale': 'the device\'s scale: its counter\'s button count and [default map](#default-scales), or an admin\'s override',
  'DeviceConfig.scale.buttons': '',
  'DeviceConfig.scale.map': '`map[i]` is the score of button `i + 1`; strictly descending',
  'DeviceConfig.minIntervalS': 'seconds; two ratings of this device closer than this are [flagged](#the-minimum-interval)',
  'DeviceConfig.token': 'only in the answer to `POST /api/pair`, once: the device\'s secret for `auth: { token }`; the hub keeps only its hash',
  'RatingAck.id': 'the rating\'s id, as sent',
  'RatingAck.duplicate': '`true` when that id was stored before: nothing new is stored, the other fields are as stored then',
  'RatingAck.flagged': 'stored, but closer than the device\'s minimum interval to another rating: in no figure',
  'RatingAck.score': 'the canonical score the rating was stored with',
};

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  default?: unknown;
};

const SAFE = Number.MAX_SAFE_INTEGER;
const code = (s: string) => `\`${s.replaceAll('|', '\\|')}\``;

function range(min: number | undefined, max: number | undefined, unit = ''): string {
  const lo = min === undefined || min <= -SAFE ? undefined : min;
  const hi = max === undefined || max >= SAFE ? undefined : max;
  if (lo !== undefined && hi !== undefined) return lo === hi ? ` ${lo}${unit}` : ` ${lo}–${hi}${unit}`;
  if (lo !== undefined) return ` ≥ ${lo}${unit}`;
  if (hi !== undefined) return ` ≤ ${hi}${unit}`;
  return '';
}

/** One schema's type in words, without its object fields (those get rows of their own). */
function typeOf(s: JsonSchema): string {
  if (s.anyOf) {
    const nonNull = s.anyOf.filter((x) => x.type !== 'null');
    const nullable = nonNull.length < s.anyOf.length;
    return nonNull.map(typeOf).join(' or ') + (nullable ? ' or `null`' : '');
  }
  if (Array.isArray(s.type)) return s.type.map((t) => (t === 'null' ? '`null`' : typeOf({ ...s, type: t }))).join(' or ');
  if (s.enum) return s.enum.map((v) => code(JSON.stringify(v))).join(' \\| ');
  switch (s.type) {
    case 'string':
      return `string${range(s.minLength, s.maxLength, ' chars')}${s.pattern ? ` matching ${code(s.pattern)}` : ''}`;
    case 'integer':
      return `integer${range(s.minimum, s.maximum)}`;
    case 'number':
      return `number${range(s.minimum, s.maximum)}`;
    case 'boolean':
      return 'boolean';
    case 'array':
      return `array${range(s.minItems, s.maxItems, ' items')} of ${s.items ? typeOf(s.items) : 'anything'}`;
    case 'object':
      return 'object';
    default:
      return s.type ?? 'anything';
  }
}

/** The object inside a schema that may be wrapped in `anyOf [object, null]`. */
function objectOf(s: JsonSchema): JsonSchema | null {
  if (s.type === 'object' && s.properties) return s;
  for (const alt of s.anyOf ?? []) if (alt.type === 'object' && alt.properties) return alt;
  return null;
}

/** A table of a schema's fields, nested objects as dotted paths, each with its type, presence and note. */
export function fieldsTable(name: string, schema: z.ZodType, used: Set<string>): string {
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const rows = ['| field | type | present | notes |', '|---|---|---|---|'];
  const walk = (obj: JsonSchema, prefix: string) => {
    for (const [field, s] of Object.entries(obj.properties ?? {})) {
      const p = prefix ? `${prefix}.${field}` : field;
      const key = `${name}.${p}`;
      used.add(key);
      const required = (obj.required ?? []).includes(field) && s.default === undefined;
      const present = required ? 'always' : s.default !== undefined ? `optional, default ${code(JSON.stringify(s.default))}` : 'optional';
      rows.push(`| \`${p}\` | ${typeOf(s)} | ${present} | ${FIELD_NOTES[key] ?? ''} |`);
      const inner = objectOf(s);
      if (inner) walk(inner, p);
    }
  };
  walk(root, '');
  const closed = (root as { additionalProperties?: unknown }).additionalProperties === false;
  return rows.join('\n') + `\n\n${closed ? 'Any other field is refused (`invalid-payload`).' : 'Read with this schema; a receiver ignores fields it does not know.'}`;
}

// ---------- the default scales ----------

function scalesTable(): string {
  const rows = ['| buttons | button 1 | button 2 | button 3 | button 4 | button 5 | scores no button reaches |', '|---|---|---|---|---|---|---|'];
  for (const [n, map] of Object.entries(DEFAULT_BUTTON_MAPS) as [string, readonly Score[]][]) {
    const cells = [1, 2, 3, 4, 5].map((b) => (b <= map.length ? `${map[b - 1]} ${SCORE_LABELS_VI[map[b - 1]!]}` : ''));
    const missing = ([5, 4, 3, 2, 1] as Score[]).filter((s) => !map.includes(s));
    rows.push(`| ${n as `${ButtonCount}`} | ${cells.join(' | ')} | ${missing.length ? missing.join(', ') : '—'} |`);
  }
  return rows.join('\n');
}

// ---------- sizes and limits ----------

/**
 * The largest rating the schema accepts, byte for byte: every field at its bound, and a comment of control
 * characters, which JSON writes as six bytes each (`\u0001`).
 */
export function largestValidRating(): Record<string, unknown> {
  return {
    id: '01234567-89ab-7def-8123-456789abcdef',
    source: 'button',
    button: 5,
    deviceTime: 8.64e15,
    reasons: [...REASON_CODES],
    comment: '\u0001'.repeat(500),
    box: { serial: 'X'.repeat(16), seq: 65535 },
  };
}

/**
 * Bytes of one event as it goes over a WebSocket, the frame maxHttpBufferSize bounds: engine.io's message type `4`,
 * then the socket.io packet `2/device,<ack id>[event, payload]` (socket.io protocol v5).
 */
export function frameBytes(event: string, payload: unknown, ackId: number | null, nsp = '/device'): number {
  return Buffer.byteLength(`42${nsp},${ackId ?? ''}${JSON.stringify([event, payload])}`);
}

function limitsBlock(): string {
  const defaults = createCounterRequest.parse({ name: 'x' });
  const interval = (z.toJSONSchema(createCounterRequest, { io: 'input' }) as JsonSchema).properties!.minIntervalS!;
  const largest = frameBytes('rating:submit', largestValidRating(), 4_294_967_295);
  return [
    '| limit | value | from |',
    '|---|---|---|',
    `| one socket message (an engine.io frame over WebSocket, an HTTP body when polling) | ${MAX_SOCKET_MESSAGE_BYTES} bytes | \`MAX_SOCKET_MESSAGE_BYTES\` → socket.io's \`maxHttpBufferSize\` |`,
    `| the largest \`rating:submit\` the schema accepts, as a WebSocket frame (ack id of 10 digits) | ${largest} bytes | \`ratingEvent\`'s bounds |`,
    `| a counter's minimum interval between two ratings of one device | default ${defaults.minIntervalS} s,${range(interval.minimum, interval.maximum, ' s')} | \`createCounterRequest\`, \`updateDeviceRequest\` |`,
  ].join('\n');
}

// ---------- reason codes ----------

/**
 * The codes a device, a pairing or the admin routes on this page can answer, each with what it means to whoever
 * receives it. Every other code of REASONS is listed after the table, so a new code always shows on the page.
 */
const PAGE_REASONS: [ReasonCode, string][] = [
  ['invalid-payload', 'the message does not match its schema (or a body is not JSON, or over 16 KiB)'],
  ['button-out-of-range', 'the button is not on the device\'s scale'],
  ['score-not-on-scale', 'the kiosk\'s score is not one of its scale\'s scores'],
  ['unauthorized', 'no, unknown or wrong credentials: pair again / sign in'],
  ['token-revoked', 'the device was revoked: pair again'],
  ['forbidden-origin', 'a browser request from another site; on a socket the handshake is refused ([edges](#edges-what-the-hub-does-with))'],
  ['bad-pairing-code', 'no such pairing code: ask for a new one'],
  ['pairing-code-expired', 'the code is older than 10 minutes: ask for a new one'],
  ['pairing-code-used', 'the code has paired a device already: ask for a new one'],
  ['counter-not-found', 'no counter with that id'],
  ['device-not-found', 'no device with that id'],
  ['not-found', 'no such path under `/api`, or an event nobody listens to on that namespace'],
  ['duplicate-name', 'a counter with that name exists'],
  ['storage-failed', 'the hub could not commit: retry with back-off'],
  ['shutting-down', 'the hub is stopping: retry with back-off'],
  ['rate-limited', 'too many attempts (sign-in, pairing codes, or `rating:submit` from one device): wait for `Retry-After` / retry with back-off'],
  ['not-allowed-for-kind', 'the device\'s kind may not send this (a kiosk sending `source: "button"` or `box:status`, an agent sending `touch`)'],
  ['host-not-allowed', 'the request named a Host the hub is not known by (DNS rebinding): HTTP 421; a socket handshake is refused'],
  ['bad-date', 'a date that is not YYYY-MM-DD or not a real day'],
  ['internal-error', 'a bug, logged at the hub: retry later'],
];

function reasonsTable(): string {
  const rows = ['| reason | HTTP | a device sets the event aside | meaning |', '|---|---|---|---|'];
  for (const [r, meaning] of PAGE_REASONS) {
    rows.push(`| \`${r}\` | ${HTTP_STATUS[r] ?? 400} | ${NEVER_RETRY_REASONS.includes(r) ? 'yes' : ''} | ${meaning} |`);
  }
  const listed = new Set(PAGE_REASONS.map(([r]) => r));
  const aside = NEVER_RETRY_REASONS.filter((r) => !listed.has(r));
  if (aside.length) throw new Error(`a code a device sets aside is not in the table: ${aside.join(', ')} (PAGE_REASONS, scripts/docs/socket-doc.ts)`);
  const others = REASONS.filter((r) => !listed.has(r));
  return `${rows.join('\n')}\n\nThe other codes (${others.length}), answered by routes documented elsewhere (accounts, files, SMS, statistics, settings, the receiver: [api.md](../api.md) and the pages it links): ${others.map((r) => `\`${r}\``).join(', ')}.`;
}

// ---------- the page ----------

/** Every generated block by its marker name. */
export function blocks(): Record<string, string> {
  const used = new Set<string>();
  const out: Record<string, string> = {
    events: eventsTable(),
    'rating-event': fieldsTable('RatingEvent', ratingEvent, used),
    'rating-ack': fieldsTable('RatingAck', ratingAckData, used),
    'box-status': fieldsTable('BoxStatus', boxStatus, used),
    'pair-request': fieldsTable('PairRequest', pairRequest, used),
    'pair-answer': fieldsTable('DeviceConfig', pairResponse, used),
    'default-scales': scalesTable(),
    limits: limitsBlock(),
    reasons: reasonsTable(),
  };
  // DeviceConfig is the pairing answer without its token: one table says both
  for (const k of Object.keys(deviceConfig.shape)) if (!used.has(`DeviceConfig.${k}`)) throw new Error(`DeviceConfig.${k} is not in the pairing answer`);
  const stale = Object.keys(FIELD_NOTES).filter((k) => !used.has(k));
  if (stale.length) throw new Error(`notes for fields that no schema has: ${stale.join(', ')} (scripts/docs/socket-doc.ts)`);
  return out;
}

const BEGIN = /<!-- socket-doc:begin ([a-z-]+)[^>]*-->\n[\s\S]*?\n?<!-- socket-doc:end \1 -->/g;

/** The page with every generated block written anew; prose outside the markers is kept byte for byte. */
export function renderSocketDoc(page: string): string {
  const all = blocks();
  const seen = new Set<string>();
  const out = page.replace(BEGIN, (_m, name: string) => {
    const body = all[name];
    if (body === undefined) throw new Error(`docs/protocols/socket.md has a block "${name}" that scripts/docs/socket-doc.ts does not write`);
    seen.add(name);
    return `<!-- socket-doc:begin ${name} (generated by \`npm run docs:socket\` from shared/src: edit the schemas or scripts/docs/socket-doc.ts, not this block) -->\n${body}\n<!-- socket-doc:end ${name} -->`;
  });
  const missing = Object.keys(all).filter((n) => !seen.has(n));
  if (missing.length) throw new Error(`docs/protocols/socket.md lacks the markers of: ${missing.join(', ')}`);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const page = fs.readFileSync(SOCKET_DOC, 'utf8');
  const next = renderSocketDoc(page);
  if (process.argv.includes('--check')) {
    if (next !== page) {
      console.error('docs/protocols/socket.md is not current: run npm run docs:socket');
      process.exit(1);
    }
    console.log('docs/protocols/socket.md is current');
  } else if (next !== page) {
    fs.writeFileSync(SOCKET_DOC, next);
    console.log('docs/protocols/socket.md written');
  } else {
    console.log('docs/protocols/socket.md was current');
  }
}
