import { ApiKeyEntity } from './api-key.entity';
import { ApplicationEntity } from './application.entity';
import { EndpointHealthEntity } from './endpoint-health.entity';
import { EndpointEntity } from './endpoint.entity';
import { EventTypeEntity } from './event-type.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { MessageAttemptEntity } from './message-attempt.entity';
import { MessageEntity } from './message.entity';
import { ProjectionCheckpointEntity } from './projection-checkpoint.entity';
import { RecoverTaskEntity } from './recover-task.entity';
import { RejectedMessageEntity } from './rejected-message.entity';

export { ApiKeyEntity, ApplicationEntity, EndpointEntity, EndpointHealthEntity, EventTypeEntity, IdempotencyKeyEntity, MessageAttemptEntity, MessageEntity, ProjectionCheckpointEntity, RecoverTaskEntity, RejectedMessageEntity };

export const ALL_ENTITIES = [
  ApplicationEntity,
  EndpointEntity,
  ProjectionCheckpointEntity,
  MessageEntity,
  MessageAttemptEntity,
  RejectedMessageEntity,
  EndpointHealthEntity,
  EventTypeEntity,
  ApiKeyEntity,
  IdempotencyKeyEntity,
  RecoverTaskEntity,
];
