import { Injectable } from '@nestjs/common';
import { hubKey, type RetainedPage } from '@switchboard/protocol';
import { NotFoundError } from '../../http/api-errors';
import { assertHubName } from '../../hubs/hubs.service';
import { RetainedMessages } from '../../mqtt/retained/retained-messages.service';
import { actorName, type AdminActor } from '../admin-actor';
import { AuditService } from '../audit.service';

/** The dashboard's view of a hub's retained MQTT messages: list and delete, each deletion audited. */
@Injectable()
export class AdminRetainedService {
  constructor(
    private readonly retained: RetainedMessages,
    private readonly audit: AuditService,
  ) {}

  list(hub: string, search: string | undefined, limit: number): Promise<RetainedPage> {
    assertHubName(hub);
    return this.retained.list(hubKey(hub), { search, limit });
  }

  async remove(hub: string, topic: string, actor: AdminActor): Promise<void> {
    assertHubName(hub);
    if (!(await this.retained.remove(hubKey(hub), topic))) throw new NotFoundError(`hub '${hub}' has no retained message on topic '${topic}'`);
    await this.audit.record({ actor: actorName(actor), action: 'retained.delete', target: `${hub}/${topic}` });
  }
}
