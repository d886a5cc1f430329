import type { OutgoingMail } from '../mail/mail-queue.js';

const SIGNATURE = ['', '--', 'JHA agencies network platform'];

/** The e-mail that password changes and resets send. */
export class PasswordMail {
  constructor(private readonly publicUrl: string) {}

  /** The link to choose a new password; its body is erased from the queue once sent. */
  resetLink(recipient: string, token: string, validMinutes: number): OutgoingMail {
    return {
      kind: 'account.password_reset',
      recipient,
      subject: 'Reset your password',
      body: [
        'Someone, probably you, asked to reset the password of your account on the JHA agencies network platform.',
        '',
        'To choose a new password, open this link:',
        `${this.publicUrl}/login/reset/${token}`,
        '',
        `The link works once, for ${validMinutes} minutes. Choosing a new password signs you out everywhere and revokes your API tokens.`,
        '',
        'If you did not ask for this, ignore this message: your password stays as it is.',
        ...SIGNATURE,
      ].join('\n'),
      eraseAfterSending: true,
    };
  }

  /**
   * The answer to a request for an address without an active account: the request costs the same
   * and answers alike, and whoever holds the mailbox learns why no link came.
   */
  noAccount(recipient: string): OutgoingMail {
    return {
      kind: 'account.password_reset',
      recipient,
      subject: 'Reset your password',
      body: [
        'Someone asked to reset the password of an account on the JHA agencies network platform with this e-mail address.',
        '',
        'There is no active account with this address, so no link was sent. If you asked, ask the network secretariat for an account, or try the address your account was made with.',
        '',
        'If you did not ask for this, ignore this message.',
        ...SIGNATURE,
      ].join('\n'),
      eraseAfterSending: true,
    };
  }

  /** Tells the account's owner their password changed, so an unexpected change is noticed. */
  changed(recipient: string, how: 'changed' | 'reset'): OutgoingMail {
    return {
      kind: 'account.password_changed',
      recipient,
      subject: 'Your password was changed',
      body: [
        how === 'changed'
          ? 'The password of your account on the JHA agencies network platform was changed, and your other sessions were ended.'
          : 'The password of your account on the JHA agencies network platform was reset with a link sent to this address. Every session was ended and your API tokens were revoked.',
        '',
        `If this was not you, reset your password at once at ${this.publicUrl}/login/forgot and tell the network secretariat.`,
        ...SIGNATURE,
      ].join('\n'),
    };
  }
}
