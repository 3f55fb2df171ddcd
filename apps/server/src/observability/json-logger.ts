import { ConsoleLogger, type LogLevel as NestLogLevel } from '@nestjs/common';
import type { LogLevel } from '../config/config';

const NEST_LEVELS: Record<LogLevel, NestLogLevel[]> = {
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** One JSON object per line on stdout, for log shippers; secrets are never passed to it. */
export function createJsonLogger(level: LogLevel): ConsoleLogger {
  return new ConsoleLogger('Switchboard', { json: true, colors: false, logLevels: NEST_LEVELS[level] });
}
