import { translator } from '../../app/i18n/i18n.js';
import type { NotificationKind } from '../../db/schema.js';
import type { OutgoingMail } from './mail-queue.js';

interface DigestItem {
  kind: NotificationKind;
  title: string;
  href: string;
  context: string | null;
}

/**
 * The daily digest of a user's unread notifications. E-mail leaves the platform, so a document
 * is named by its registration number, never by its title: the title may be marked content.
 */
export function composeDigest(
  recipient: { name: string; email: string; locale: string | null },
  items: readonly DigestItem[],
  publicUrl: string,
): OutgoingMail {
  const t = translator(recipient.locale ?? 'en');
  const base = publicUrl.replace(/\/+$/, '');
  const lines = items.flatMap((item) => [
    `- ${
      item.kind === 'document_release'
        ? t('notifications.mail.document_release', { number: item.context ?? '' })
        : t(`notifications.sentence.${item.kind}`, {
            title: item.title,
            context: item.context ?? '',
          })
    }`,
    `  ${base}${item.href}`,
  ]);
  return {
    kind: 'notification.digest',
    recipient: recipient.email,
    subject: t('notifications.mail.subject', { count: items.length }),
    body: [
      t('notifications.mail.greeting', { name: recipient.name }),
      '',
      t('notifications.mail.intro'),
      '',
      ...lines,
      '',
      t('notifications.mail.all', { url: `${base}/notifications` }),
      t('notifications.mail.switchOff', { url: `${base}/account#notifications` }),
    ].join('\n'),
  };
}
