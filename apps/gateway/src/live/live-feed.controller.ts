import { Controller, MessageEvent, Param, Sse } from '@nestjs/common';
import { Observable } from 'rxjs';
import { OrgId } from '../auth/org-id.decorator';
import { LiveFeedService } from './live-feed.service';

@Controller('api/v1/app/:app')
export class LiveFeedController {
  constructor(private readonly feed: LiveFeedService) {}

  /** `event: message` for each accepted message, `event: attempt` for each delivery attempt, as they happen. */
  @Sse('stream')
  stream(@OrgId() orgId: string, @Param('app') app: string): Promise<Observable<MessageEvent>> {
    return this.feed.open(orgId, app);
  }
}
