import type { RoomErrorCode } from '@yunzhao/contracts';

/** A refusal the client is told about through the message's ack. */
export class RoomError extends Error {
  constructor(
    readonly code: RoomErrorCode,
    readonly details?: unknown,
  ) {
    super(code);
  }
}
