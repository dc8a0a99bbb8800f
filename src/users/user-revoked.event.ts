import { DomainEvent } from '../events/domain-events';

/**
 * A user's tokens were revoked (disabled, new role/region/department/password). Published after
 * commit; the live gateway forgets the user's cached token version and drops its sockets, here and,
 * by the socket.io adapter, on every other instance. No socket room hears it: its audience is empty.
 */
export class UserRevokedEvent extends DomainEvent<{ userId: string }> {
  static readonly NAME = 'user.revoked';
  readonly name = UserRevokedEvent.NAME;

  constructor(userId: string) {
    super({ userId }, { regionCodes: [], departmentCodes: [] });
  }
}
