import { Controller, MessageEvent, Param, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { Principal } from '../auth/authenticator';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { ApiAuthenticated } from '../openapi/api-decorators';
import { LiveFeedService } from './live-feed.service';

@ApiTags('Message')
@ApiAuthenticated()
@Controller('api/v1/app/:app')
export class LiveFeedController {
  constructor(private readonly feed: LiveFeedService) {}

  /** `event: message` for each accepted message, `event: attempt` for each delivery attempt, as they happen. */
  @Sse('stream')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'Hookline extension: Server-Sent Events, `message` (a MessageOut) and `attempt` (a MessageAttemptOut)', schema: { type: 'string' } })
  stream(@CurrentPrincipal() principal: Principal, @Param('app') app: string): Promise<Observable<MessageEvent>> {
    return this.feed.open(principal.orgId, app, principal.stillValid);
  }
}
