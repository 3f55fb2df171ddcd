import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger as NestPinoLogger, PinoLogger, type Params } from 'nestjs-pino';
import pino, { type Logger as Pino } from 'pino';
import pretty from 'pino-pretty';
import type { LogLevel } from '../config/config';

export type LogFormat = 'json' | 'pretty';

/** Nest's `verbose` is pino's `trace`; the other names are the same in both. */
const PINO_LEVELS: Record<LogLevel, pino.Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  info: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * What Nest says while it boots (module loading, one line per mapped route): useful when
 * debugging, noise in front of an operator's first screen.
 */
const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication', 'WebSocketsController']);

/** Query parameters that carry credentials (client access tokens, Azure Functions keys). */
const SECRET_QUERY = /([?&](?:access_token|token|code|sig|key)=)[^&#\s]*/gi;

/** Replaces the value of every credential-carrying query parameter in a URL or log text. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]');
}

/**
 * The process's one pino instance: JSON lines on stdout with ISO timestamps and level names
 * (`LOG_FORMAT=pretty` for a person at a terminal), and nothing that can hold a secret: no
 * headers, no bodies, credential query parameters cut out of URLs.
 */
export function createLogger(level: LogLevel, format: LogFormat): Pino {
  const options: pino.LoggerOptions = {
    level: PINO_LEVELS[level],
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
  };
  return format === 'pretty'
    ? pino(options, pretty({ colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid' }))
    : pino(options);
}

/**
 * The nestjs-pino settings: one line per HTTP request at debug, a server error at warn. Above
 * debug the request middleware is not mounted at all: REST sends are a hot path, and a child
 * logger and a finish listener per request would buy nothing there.
 */
export function loggingParams(logger: Pino): Params {
  const perRequest = logger.isLevelEnabled('debug');
  return {
    ...(perRequest ? {} : { forRoutes: [] }),
    pinoHttp: {
      logger,
      customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
        error || response.statusCode >= 500 ? 'warn' : 'debug',
      serializers: {
        req: (request: { method: string; url: string; remoteAddress?: string }) => ({
          method: request.method,
          url: redactUrl(request.url),
          remoteAddress: request.remoteAddress,
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
    },
  };
}

/** Nest's LoggerService over the pino instance, with Nest's boot chatter moved down to debug. */
export class AppLogger extends NestPinoLogger {
  constructor(params: Params) {
    super(new PinoLogger(params), params);
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && BOOT_CONTEXTS.has(context)) super.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}
