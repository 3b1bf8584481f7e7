import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AttemptLogOp, BACKGROUND_TASK_STATUSES, BackgroundTaskOut, ListQuery, ListResponse } from '@hookline/contracts';
import { OrgId } from '../auth/org-id.decorator';
import { ServiceClients } from '../clients/service-clients';
import { backgroundTaskListQuery } from '../clients/list-query';
import { ApiAuthenticated, ApiList } from '../openapi/api-decorators';

/** Svix's background tasks: here, the recovers of the caller's org. */
@ApiTags('Background Tasks')
@ApiAuthenticated()
@Controller('api/v1/background-task')
export class BackgroundTasksController {
  constructor(private readonly services: ServiceClients) {}

  @Get()
  @ApiQuery({ type: ListQuery })
  @ApiQuery({ name: 'status', required: false, enum: BACKGROUND_TASK_STATUSES, enumName: 'BackgroundTaskStatus' })
  @ApiQuery({ name: 'task', required: false, type: String, description: 'A task type, such as `endpoint.recover`.' })
  @ApiList(BackgroundTaskOut)
  list(@OrgId() orgId: string, @Query() query: Record<string, unknown>): Promise<ListResponse<BackgroundTaskOut>> {
    return this.services.attemptLog(AttemptLogOp.ListBackgroundTasks, { orgId, ...backgroundTaskListQuery(query) });
  }

  @Get(':task')
  @ApiOkResponse({ type: BackgroundTaskOut })
  get(@OrgId() orgId: string, @Param('task') task: string): Promise<BackgroundTaskOut> {
    return this.services.attemptLog(AttemptLogOp.GetBackgroundTask, { orgId, id: task });
  }
}
