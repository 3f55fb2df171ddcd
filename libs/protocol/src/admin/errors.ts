/**
 * Error body of every HTTP API (spec/rest-api.md §6): the `{ error: ErrorDetail }` wrapper that
 * the Azure SDKs read, with the offending field in `target`.
 */
export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ErrorDetail[];
}

export interface ErrorResponse {
  error: ErrorDetail;
}
