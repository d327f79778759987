import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * One root logger per process; features take a child with their module name. JSON when LOG_FORMAT=json or not on a
 * terminal in production, readable lines otherwise. Phone numbers, tokens and passwords are never logged: the redact
 * list is a second line of defence, not the first.
 */
export function createLogger(opts: { level?: string; pretty?: boolean; name?: string } = {}): Logger {
  const level = opts.level ?? process.env.LOG_LEVEL ?? 'info';
  const pretty = opts.pretty ?? readableConsole();
  return pino({
    name: opts.name ?? 'hub',
    level,
    redact: { paths: ['token', '*.token', 'password', '*.password', 'secret', '*.secret', 'phone', '*.phone'], censor: '***' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } } : {}),
  });
}

/** A person reads this process's output: a terminal, and no LOG_FORMAT=json. Under a service or a pipe: JSON. */
export function readableConsole(): boolean {
  return process.env.LOG_FORMAT !== 'json' && process.stdout.isTTY === true;
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
