import { ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { InvalidArgumentError } from './api-errors';

const RULES = { whitelist: true, forbidNonWhitelisted: true } as const;

/**
 * DTO classes are the single description of input. Unknown fields are refused so a misspelled
 * setting is reported instead of silently ignored; the 400 names the first offending field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...RULES,
    transform: true,
    exceptionFactory: (errors) => {
      const [path, message] = firstProblem(errors) ?? ['body', 'invalid body'];
      return new InvalidArgumentError(message, path);
    },
  });
}

/** The pipe's check outside HTTP (the admin CLI): the first problem as [path, message], or null. */
export function problemWith(dto: new () => object, plain: object): [string, string] | null {
  return firstProblem(validateSync(plainToInstance(dto, plain), RULES)) ?? null;
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
