import pino, { type Logger } from 'pino';
export type { Logger };

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const pretty = process.env.LOG_FORMAT !== 'json' && process.stderr.isTTY === true;
  return pino(
    { name: 'counter-agent', level, redact: { paths: ['token', '*.token'], censor: '***' } },
    pretty ? pino.transport({ target: 'pino-pretty', options: { destination: 2, translateTime: 'SYS:HH:MM:ss.l' } }) : pino.destination(2),
  );
}
