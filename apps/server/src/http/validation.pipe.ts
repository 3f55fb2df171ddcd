import { ValidationError, ValidationPipe } from '@nestjs/common';
import { InvalidArgumentError } from './api-errors';

/**
 * DTO classes are the single description of input. Unknown fields are refused so a misspelled
 * setting is reported instead of silently ignored; the 400 names the first offending field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const [path, message] = firstProblem(errors) ?? ['body', 'invalid body'];
      return new InvalidArgumentError(message, path);
    },
  });
}

function firstProblem(errors: ValidationError[], parent = ''): [string, string] | undefined {
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length) return [path, messages[0].replace(new RegExp(`^${escape(error.property)}\\b`), path)];
    const nested = firstProblem(error.children ?? [], path);
    if (nested) return nested;
  }
  return undefined;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
