/**
 * The functions §5 of spec/rest-api.md lists, by name (matched case-insensitively), with their
 * arity and types for the parser and the type check. Their behaviour lives in compile.ts.
 */
import type { FilterType, FunctionName } from './ast';

export interface FunctionSignature {
  readonly minArgs: number;
  /** Accepted types per argument; the `null` literal is accepted everywhere (§5: yields `null`). */
  readonly params: readonly (readonly FilterType[])[];
  readonly returns: FilterType;
}

const STRING = ['string'] as const;
const INT = ['int'] as const;

export const FUNCTION_SIGNATURES: Readonly<Record<FunctionName, FunctionSignature>> = {
  tolower: { minArgs: 1, params: [STRING], returns: 'string' },
  toupper: { minArgs: 1, params: [STRING], returns: 'string' },
  trim: { minArgs: 1, params: [STRING], returns: 'string' },
  substring: { minArgs: 2, params: [STRING, INT, INT], returns: 'string' },
  concat: { minArgs: 2, params: [STRING, STRING], returns: 'string' },
  startswith: { minArgs: 2, params: [STRING, STRING], returns: 'bool' },
  endswith: { minArgs: 2, params: [STRING, STRING], returns: 'bool' },
  contains: { minArgs: 2, params: [STRING, STRING], returns: 'bool' },
  indexof: { minArgs: 2, params: [STRING, STRING], returns: 'int' },
  // §5 lists both `length(s)` and `length(groups)`.
  length: { minArgs: 1, params: [['string', 'collection']], returns: 'int' },
};

export function lookupFunction(lowerName: string): FunctionName | undefined {
  return Object.prototype.hasOwnProperty.call(FUNCTION_SIGNATURES, lowerName)
    ? (lowerName as FunctionName)
    : undefined;
}
