import { formatDateTime } from '../i18n/format.js';
import { h, type Html } from './jsx.js';

/**
 * A moment written in UTC with its zone's name; the page's script shows it in the reader's own
 * time zone, named in full, so that every time on a page reads in one zone.
 */
export function Moment({ locale, at }: { locale: string; at: string }): Html {
  return (
    <time datetime={at} data-local-time>
      {formatDateTime(locale, at)}
    </time>
  );
}
