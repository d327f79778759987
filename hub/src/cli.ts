import { parseArgs } from 'node:util';
import { isValidDay, systemClock } from '@onestop/shared';
import { ConfigError, loadConfig } from './config/config.js';
import { DEFAULT_ENV_FILE, loadEnvFile } from './config/envFile.js';
import { dbFile, openDb, SchemaTooNewError } from './db/open.js';
import { buildDailySummary } from './summary/build.js';
import { commandServices } from './services.js';
import { silentLogger } from './log.js';
import { ServiceError } from './http/errors.js';
import { recordCliChange } from './audit/service.js';
import { privateUmask } from './atrest/modes.js';

const HELP = `hub: the commune one-stop hub (ratings, devices, summaries)

Usage:
  hub start [--data-dir DIR] [--port PORT] [--host HOST] [--no-demo] [--demo] [--config FILE]
        Run the hub. The data directory holds hub.sqlite (and hub.config.json if you have one).
  hub counter add --name NAME [--buttons 2-5] [--min-interval-s S] [--data-dir DIR]
        Create a counter (quầy). Prints its id alone on the last line.
  hub counter list [--data-dir DIR]
  hub pair-code --counter ID [--data-dir DIR]
        A one-time pairing code for a device of that counter (valid 10 minutes), alone on the last line.
  hub user add --username U --role admin|staff [--name N] [--data-dir DIR]
        Create an account. Prints its generated password alone on the last line (shown once).
  hub user list | user disable --username U | user enable --username U | user reset-password --username U
        Disabling ends the account's sessions at once; reset-password prints the new password on the last line.
  hub token add --name NAME [--data-dir DIR]
        An API token for other software (Authorization: Bearer …), alone on the last line (shown once).
  hub token list | token revoke --id ID
  hub sms test --to PHONE [--data-dir DIR] [--hub-env FILE]
        Queue a test SMS; the running hub sends it through the configured gateway. Prints its id last.
  hub summary --date YYYY-MM-DD [--data-dir DIR]
        Print that local day's daily summary (upstream contract v1) as JSON, and nothing else.
  hub upstream test [--data-dir DIR] [--hub-env FILE]
        Check the link to the upstream receiver and the key (UPSTREAM_URL, UPSTREAM_SECRET). Exit 0 when accepted.
  hub upstream send [--date YYYY-MM-DD] [--data-dir DIR] [--hub-env FILE]
        Build and send now: that day, or every summary due. One line per day; exit 1 if any was not delivered.
  hub start --role upstream [--data-dir DIR] [--port PORT]
        Run as the province's receiver of daily summaries (upstream.sqlite in the data directory; docs/province-guide.md).
  hub commune add --code CODE --name NAME [--data-dir DIR]
        Register a commune with the receiver. Prints its shared secret alone on the last line (shown once).
  hub commune list | commune rotate-secret --code CODE
        rotate-secret prints the new secret on the last line; the old one stops working at once.
  hub backup [--data-dir DIR]
        Make a verified online backup now into DIR/backups (also nightly at 02:00); prints its path alone on the last line.
        Its secrets are sealed with DIR/hub.key, which is not in the backup: keep a copy of that file apart.
  hub restore --from FILE [--key KEYFILE] [--data-dir DIR]
        Put a backup in place of DIR/hub.sqlite (the current one is kept aside). Refuses while a hub runs there.
        --key: the hub.key of the hub that made the backup, put in place with it (else its secrets are entered again).
  hub doctor [--lang vi|en] [--json] [--data-dir DIR] [--hub-env FILE]
        Check that the commune is ready (database, disk, permissions, backup, clock, SMS, upstream, devices, Node.js,
        time zone), each with ✓ / ⚠ / ✗ and what to do. Changes nothing. Exit 1 when anything is ✗.
  --hub-env FILE (sms, upstream, doctor): the service's environment file, NAME=value a line, read as systemd gives it
        to the hub, never over a variable already set. Default: ${DEFAULT_ENV_FILE} when it exists and can be read.
        (Not --env-file: Node.js 20 takes that one for itself wherever it stands on the command line.)
  hub --help

These commands (except restore) work whether or not a hub is running on the same data directory.
Environment: HUB_PORT, HUB_HOST, HUB_DATA_DIR, HUB_ALLOWED_ORIGINS, HUB_ADMIN_PASSWORD, COMMUNE_CODE, COMMUNE_NAME, LOG_LEVEL,
  SMS_GATEWAY, TWILIO_*, KANNEL_*, ESMS_*, SPEEDSMS_*, SMS_QUIET_HOURS, PUBLIC_BASE_URL (see docs/sms.md).
  UPSTREAM_URL, UPSTREAM_SECRET, UPSTREAM_SEND_AT (see docs/upstream-sender.md).
`;

class UsageError extends Error {}

type Options = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function parse(args: string[], options: Options): { values: Record<string, string | boolean | undefined> } {
  try {
    const r = parseArgs({ args, options: { 'data-dir': { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' }, ...options }, allowPositionals: false, strict: true });
    return { values: r.values as Record<string, string | boolean | undefined> };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Like parse, for commands with a subcommand word (`user add …`). */
function parseWithSub(args: string[], options: Options): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const [sub, ...r] = args;
  if (!sub || sub.startsWith('-')) throw new UsageError('a subcommand is needed (see hub --help)');
  return { values: parse(r, options).values, positionals: [sub] };
}

function num(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number`);
  return n;
}

/**
 * The service's environment file (the SMS and upstream secrets systemd gives the hub) for a command that uses them;
 * said when the default file is there but this account cannot read it.
 */
function readEnvFile(values: Record<string, unknown>, err: NodeJS.WritableStream, lang: 'vi' | 'en' = 'en'): void {
  const r = loadEnvFile(values['hub-env'] as string | undefined);
  if (!('unreadable' in r)) return;
  err.write(
    lang === 'vi'
      ? `hub: tài khoản này không đọc được ${r.unreadable} (${r.reason}): không thấy cấu hình SMS và kết nối lên tỉnh trong đó; chạy bằng tài khoản onestop (sudo -u onestop) hoặc root, hoặc chỉ tệp bằng --hub-env\n`
      : `hub: ${r.unreadable} cannot be read by this account (${r.reason}): the SMS and upstream settings in it are not seen; run as the onestop user or root, or give --hub-env FILE\n`,
  );
}

/** The configuration, the database, and the hub's own service graph on it (services.ts), for a one-off command. */
function offlineContext(values: Record<string, unknown>) {
  const config = loadConfig({ flags: values['data-dir'] ? { dataDir: values['data-dir'] } : {}, configFile: values.config as string | undefined });
  const db = openDb(dbFile(config.dataDir));
  return { config, db, services: () => commandServices(config, db) };
}

export async function runCli(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const [cmd, ...rest] = argv;
  // whatever a command writes into the data directory is the hub account's alone (docs/decisions/0085)
  privateUmask();
  try {
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      out.write(HELP);
      return cmd ? 0 : 2;
    }
    if (cmd === 'start') {
      const { values } = parse(rest, { port: { type: 'string' }, host: { type: 'string' }, 'no-demo': { type: 'boolean' }, demo: { type: 'boolean' }, role: { type: 'string' } });
      if (values.help) return out.write(HELP), 0;
      const flags: Record<string, unknown> = {};
      if (values['data-dir']) flags.dataDir = values['data-dir'];
      if (values.port !== undefined) flags.port = num(values.port, 'port');
      if (values.host) flags.host = values.host;
      if (values.role) flags.role = values.role;
      if (values['no-demo']) flags.demo = false;
      else if (values.demo) flags.demo = true;
      const config = loadConfig({ flags, configFile: values.config as string | undefined });
      if (config.role === 'commune') {
        const { ensureUiBuilt } = await import('./http/uiBuild.js');
        const problem = ensureUiBuilt(config.uiDir);
        if (problem) err.write(problem + '\n');
      }
      const { startHub } = await import('./main.js');
      await startHub(config);
      return 0;
    }
    if (cmd === 'counter') {
      const [sub, ...r2] = rest;
      if (sub === 'add') {
        const { values } = parse(r2, { name: { type: 'string' }, buttons: { type: 'string' }, 'min-interval-s': { type: 'string' } });
        if (!values.name) throw new UsageError('counter add needs --name');
        const { db, services } = offlineContext(values);
        try {
          const c = services().counters.create({
            name: String(values.name),
            buttons: num(values.buttons, 'buttons') ?? 4,
            minIntervalS: num(values['min-interval-s'], 'min-interval-s') ?? 3,
          });
          recordCliChange(db, systemClock, { kind: 'counter', action: 'create', target: c.id, after: c });
          out.write(`Đã tạo quầy "${c.name}" (${c.buttons} nút, khoảng cách tối thiểu ${c.minIntervalS} s)\n${c.id}\n`);
        } finally {
          db.close();
        }
        return 0;
      }
      if (sub === 'list') {
        const { values } = parse(r2, {});
        const { db, services } = offlineContext(values);
        try {
          for (const c of services().counters.list()) out.write(`${c.id}\t${c.name}\t${c.buttons} nút\t${c.minIntervalS} s\n`);
        } finally {
          db.close();
        }
        return 0;
      }
      throw new UsageError('counter needs a subcommand: add | list');
    }
    if (cmd === 'pair-code') {
      const { values } = parse(rest, { counter: { type: 'string' } });
      if (!values.counter) throw new UsageError('pair-code needs --counter ID');
      const { db, services } = offlineContext(values);
      try {
        const { code, expiresAt } = services().devices.createPairingCode(String(values.counter));
        recordCliChange(db, systemClock, { kind: 'device', action: 'pair-code', target: String(values.counter), after: { counterId: values.counter, expiresAt } });
        out.write(`Mã ghép nối cho quầy ${values.counter}, dùng một lần, hết hạn lúc ${new Date(expiresAt).toISOString()}\n${code}\n`);
      } finally {
        db.close();
      }
      return 0;
    }
    if (cmd === 'user' || cmd === 'token') {
      const { accountsCli } = await import('./auth/cli.js');
      const { values, positionals } = parseWithSub(rest, { username: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' } });
      const { db, services } = offlineContext(values);
      try {
        return await accountsCli(services(), cmd, positionals[0]!, values, out, (m) => {
          throw new UsageError(m);
        });
      } finally {
        db.close();
      }
    }
    if (cmd === 'sms') {
      const [sub, ...r2] = rest;
      if (sub !== 'test') throw new UsageError('sms needs a subcommand: test');
      const { values } = parse(r2, { to: { type: 'string' }, 'hub-env': { type: 'string' } });
      if (!values.to) throw new UsageError('sms test needs --to PHONE');
      readEnvFile(values, err);
      const { smsTestCommand } = await import('./sms/cli.js');
      const { db, services } = offlineContext(values);
      try {
        smsTestCommand(services(), String(values.to), out);
      } finally {
        db.close();
      }
      return 0;
    }
    if (cmd === 'commune') {
      const { communeCli } = await import('./receiver/cli.js');
      const { values, positionals } = parseWithSub(rest, { code: { type: 'string' }, name: { type: 'string' } });
      const config = loadConfig({ flags: values['data-dir'] ? { dataDir: values['data-dir'] } : {}, configFile: values.config as string | undefined });
      return communeCli(config.dataDir, positionals[0]!, values, out, (m) => {
        throw new UsageError(m);
      });
    }
    if (cmd === 'upstream') {
      const { upstreamCli } = await import('./upstream/cli.js');
      const { values, positionals } = parseWithSub(rest, { date: { type: 'string' }, 'hub-env': { type: 'string' } });
      readEnvFile(values, err);
      const { db, config } = offlineContext(values);
      try {
        return await upstreamCli(db, config, positionals[0]!, values, out, silentLogger(), (m) => {
          throw new UsageError(m);
        });
      } finally {
        db.close();
      }
    }
    if (cmd === 'summary') {
      const { values } = parse(rest, { date: { type: 'string' } });
      const date = values.date as string | undefined;
      if (!date || !isValidDay(date)) throw new UsageError('summary needs --date YYYY-MM-DD');
      const { db, services } = offlineContext(values);
      try {
        // the commune as the admin set it
        out.write(JSON.stringify(buildDailySummary(db, systemClock, { date, commune: services().settings.commune() }), null, 2) + '\n');
      } finally {
        db.close();
      }
      return 0;
    }
    if (cmd === 'doctor') {
      const { values } = parse(rest, { lang: { type: 'string' }, json: { type: 'boolean' }, 'hub-env': { type: 'string' } });
      const lang = values.lang ?? 'vi';
      if (lang !== 'vi' && lang !== 'en') throw new UsageError('--lang must be vi or en');
      readEnvFile(values, err, lang);
      const { runDoctor, formatReport } = await import('./doctor/doctor.js');
      const config = loadConfig({ flags: values['data-dir'] ? { dataDir: values['data-dir'] } : {}, configFile: values.config as string | undefined });
      const report = await runDoctor(config, lang);
      out.write(values.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report, lang));
      return report.ok ? 0 : 1;
    }
    if (cmd === 'backup' || cmd === 'restore') {
      const { opsCli } = await import('./backup/cli.js');
      const { values } = parse(rest, { from: { type: 'string' }, key: { type: 'string' } });
      return await opsCli(cmd, values, out, err, (m) => {
        throw new UsageError(m);
      });
    }
    throw new UsageError(`unknown command "${cmd}"`);
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`hub: ${e.message}\nRun "hub --help" for usage.\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      err.write(`hub: ${e.message}\n`);
      return 78;
    }
    if (e instanceof SchemaTooNewError) {
      err.write(`hub: ${e.message}\n`);
      return 1;
    }
    if (e instanceof ServiceError) {
      err.write(`hub: ${e.reason}${e.detail ? `: ${e.detail}` : ''}\n`);
      return 1;
    }
    err.write(`hub: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}
