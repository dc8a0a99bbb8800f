import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { hashPassword, verifyPassword } from '../auth/password';
import { UserRepository } from '../auth/user.repository';
import { DomainError, invalid } from '../common/domain-error';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditRepository } from './audit.repository';
import { UserRevokedEvent } from './user-revoked.event';
import { userView, type UserView } from './user-view';

/** What every user does to its own account. */
@Injectable()
export class AccountService {
  constructor(
    private readonly users: UserRepository,
    private readonly audit: AuditRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async me(actor: AuthUser): Promise<UserView> {
    const user = await this.users.findById(actor.id);
    if (!user) throw new DomainError('unauthenticated', 'User no longer exists');
    return userView(user);
  }

  /**
   * Ends every token of the user, the caller's own included: the client logs in again with the new
   * password (API.md answers 204, with no token to hand over).
   */
  async changePassword(actor: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const hash = await this.users.passwordHashOf(actor.id);
    if (!hash || !(await verifyPassword(currentPassword, hash))) throw invalid('currentPassword', 'currentPassword is wrong');
    const passwordHash = await hashPassword(newPassword);
    await this.uow.run(async (tx) => {
      await this.users.update(tx.em, actor.id, { passwordHash }, true);
      await this.audit.record(tx.em, { actorId: actor.id, action: 'user.password_changed', targetId: actor.id, detail: { passwordChanged: true } });
      tx.publish(new UserRevokedEvent(actor.id));
    });
  }
}
