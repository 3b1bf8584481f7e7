import { Injectable } from '@nestjs/common';
import { BackgroundTaskFilters, BackgroundTaskOut, HooklineError, ListParams, ListResponse } from '@hookline/contracts';
import { KeysetPage, RecoverTaskEntity } from '@hookline/database';
import { RecoverTasksRepository } from './recover-tasks.repository';

/** `GET /background-task[/{id}]`: an org's recovers, the only background tasks Hookline runs. */
@Injectable()
export class BackgroundTasksService {
  constructor(private readonly tasks: RecoverTasksRepository) {}

  async get(orgId: string, id: string): Promise<BackgroundTaskOut> {
    const task = await this.tasks.findOne(orgId, id);
    if (!task) throw HooklineError.notFound('Background task');
    return toBackgroundTaskOut(task);
  }

  /** Newest first, as Svix lists them. */
  async list(orgId: string, params: ListParams, filters: BackgroundTaskFilters = {}): Promise<ListResponse<BackgroundTaskOut>> {
    const page = new KeysetPage(params, 'DESC');
    const { status, task } = filters;
    if (task !== undefined && task !== 'endpoint.recover') return page.toResponse([], (row) => row.id, toBackgroundTaskOut);
    return page.toResponse(await this.tasks.list(orgId, page, status), (row) => row.id, toBackgroundTaskOut);
  }
}

function toBackgroundTaskOut(task: RecoverTaskEntity): BackgroundTaskOut {
  return {
    id: task.id,
    status: task.status,
    task: 'endpoint.recover',
    data: { appId: task.appId, endpointId: task.endpointId, since: task.since.toISOString(), until: task.until.toISOString() },
    updatedAt: task.updatedAt.toISOString(),
  };
}
