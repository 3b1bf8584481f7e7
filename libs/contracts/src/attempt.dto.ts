/** Svix `MessageStatus`: 0 success, 1 pending, 2 fail, 3 sending. */
export enum MessageStatus {
  Success = 0,
  Pending = 1,
  Fail = 2,
  Sending = 3,
}

/** Svix `MessageAttemptTriggerType`: 0 scheduled, 1 manual. */
export enum AttemptTrigger {
  Scheduled = 0,
  Manual = 1,
}

export interface MessageAttemptOut {
  id: string;
  msgId: string;
  endpointId: string;
  url: string;
  response: string;
  responseStatusCode: number;
  responseDurationMs: number;
  status: MessageStatus;
  triggerType: AttemptTrigger;
  timestamp: string;
}
