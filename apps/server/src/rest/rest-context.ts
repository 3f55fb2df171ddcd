import type { Request } from 'express';
import { groupNameProblem, hubKey } from '@switchboard/protocol';
import type { AppConfig } from '../config/config';
import type { ClusterService } from '../cluster/cluster.service';
import { ApiError, InvalidArgumentError } from '../http/api-errors';
import type { KeysService } from '../keys/keys.service';
import type { MessageRouter } from '../messaging/message-router';

export interface RestServices {
  cluster: ClusterService;
  router: MessageRouter;
  keys: KeysService;
  config: AppConfig;
}

/** What an operation gets: the hub, the decoded path parameters, the query, the body. */
export class RestContext {
  readonly hubKey: string;

  constructor(
    readonly request: Request,
    readonly hub: string,
    readonly params: readonly string[],
    readonly query: URLSearchParams,
    readonly services: RestServices,
  ) {
    this.hubKey = hubKey(hub);
  }

  /** A path parameter that names a group: 1-1024 characters, not only white space. */
  group(index: number): string {
    const group = this.params[index];
    const problem = groupNameProblem(group);
    if (problem) throw new InvalidArgumentError(problem, 'group');
    return group;
  }

  /** A path parameter that names a connection or a user: at least one character. */
  id(index: number, target: 'connectionId' | 'userId'): string {
    const id = this.params[index];
    if (!id) throw new InvalidArgumentError(`${target} must not be empty`, target);
    return id;
  }

  all(name: string): string[] {
    return this.query.getAll(name);
  }

  one(name: string): string | null {
    return this.query.get(name);
  }

  contentType(): string {
    return (this.request.headers['content-type'] ?? '').split(';', 1)[0].trim().toLowerCase();
  }

  /** The raw body, refused with 413 past the message size limit. */
  async body(): Promise<Buffer> {
    const limit = this.services.config.limits.maxMessageBytes;
    const declared = Number(this.request.headers['content-length'] ?? 0);
    if (declared > limit) throw new ApiError(413, 'PayloadTooLarge', `the body is larger than ${limit} bytes`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw new ApiError(413, 'PayloadTooLarge', `the body is larger than ${limit} bytes`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, size);
  }
}

export interface RestResult {
  status: number;
  body?: unknown;
}
