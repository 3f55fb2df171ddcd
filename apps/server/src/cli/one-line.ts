/**
 * An error as one line of text. Node's connection errors to a name with several addresses are
 * AggregateErrors with an empty message; PostgreSQL's carry a detail on further lines.
 */
export function oneLine(error: unknown): string {
  if (error instanceof AggregateError && !error.message) {
    return [...new Set(error.errors.map(oneLine))].join('; ');
  }
  if (error instanceof Error) {
    const text = error.message || (error as NodeJS.ErrnoException).code || error.name;
    return text.split('\n')[0].trim();
  }
  return String(error);
}
