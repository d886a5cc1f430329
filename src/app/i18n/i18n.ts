import { en, type MessageKey } from './messages.en.js';

export type { MessageKey };
export type Catalogue = Readonly<Partial<Record<MessageKey, string>>>;

/**
 * Languages with a catalogue. English is complete and is the fallback for any key another
 * catalogue lacks; adding a language is adding its catalogue here.
 */
const catalogues: Readonly<Record<string, Catalogue>> = { en };

export const supportedLocales = Object.keys(catalogues);
export const defaultLocale = 'en';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(locale: string): Translate {
  const catalogue = catalogues[locale] ?? en;
  return (key, params) => {
    const template = catalogue[key] ?? en[key];
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) =>
      params[name] === undefined ? match : String(params[name]),
    );
  };
}

/** The best supported language for an Accept-Language header, by its q-values. */
export function negotiateLocale(acceptLanguage: string | undefined): string {
  if (!acceptLanguage) return defaultLocale;
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => entry.tag !== '' && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0] ?? '';
    if (supportedLocales.includes(tag)) return tag;
    if (supportedLocales.includes(base)) return base;
  }
  return defaultLocale;
}

export function resolveLocale(
  userLocale: string | null,
  acceptLanguage: string | undefined,
): string {
  if (userLocale && supportedLocales.includes(userLocale)) return userLocale;
  return negotiateLocale(acceptLanguage);
}
