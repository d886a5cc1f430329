import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { anyone } from '../../app/access.js';
import { h, type Child, type Html } from '../../app/html/jsx.js';
import { sendHtml } from '../../app/html/send-html.js';
import { Layout } from '../../app/html/layout.js';
import type { PageContext } from '../../app/html/page-context.js';
import type { MessageKey } from '../../app/i18n/i18n.js';
import { formatDate } from '../../app/i18n/format.js';
import type { Services } from '../../app/services.js';
import { ATTEMPT_RETENTION_HOURS, LOCKOUT_THRESHOLD, WINDOW_MINUTES } from '../accounts/login.js';
import {
  legalContent,
  type Block,
  type Inline,
  type LegalContent,
  type LegalDocument,
  type LegalFacts,
} from './legal.content.js';

function InlineText({ parts }: { parts: readonly Inline[] }): Html {
  return (
    <span>
      {parts.map((part) =>
        typeof part === 'string' ? (
          part
        ) : (
          <a class="ecl-link" href={part.href}>
            {part.text}
          </a>
        ),
      )}
    </span>
  );
}

function BlockView({ block }: { block: Block }): Html {
  if (typeof block === 'string') return <p class="ecl-u-type-paragraph">{block}</p>;
  if ('paragraph' in block) {
    return (
      <p class="ecl-u-type-paragraph">
        <InlineText parts={block.paragraph} />
      </p>
    );
  }
  return (
    <ul class="ecl-unordered-list ecl-u-mb-m">
      {block.list.map((item) => (
        <li class="ecl-unordered-list__item">
          {typeof item === 'string' ? item : <InlineText parts={item} />}
        </li>
      ))}
    </ul>
  );
}

function LegalPage({
  ctx,
  title,
  document,
}: {
  ctx: PageContext;
  title: string;
  document: LegalDocument;
}): Html {
  const { t } = ctx;
  const blocks = (list: readonly Block[]): Child =>
    list.map((block) => <BlockView block={block} />);
  return (
    <Layout ctx={ctx} title={title}>
      <p class="ecl-u-type-paragraph-s">
        {t('legal.lastReviewed', { date: formatDate(ctx.locale, document.lastReviewed) })}
      </p>
      {blocks(document.introduction)}
      <nav aria-labelledby="legal-contents" class="ecl-u-mb-l">
        <h2 class="ecl-u-type-heading-2" id="legal-contents">
          {t('legal.onThisPage')}
        </h2>
        <ol class="ecl-ordered-list">
          {document.sections.map((section, index) => (
            <li class="ecl-ordered-list__item">
              <a class="ecl-link" href={`#section-${index + 1}`}>
                {section.heading}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      {document.sections.map((section, index) => (
        <section aria-labelledby={`section-${index + 1}`}>
          <h2 class="ecl-u-type-heading-2" id={`section-${index + 1}`}>
            {section.heading}
          </h2>
          {blocks(section.blocks)}
        </section>
      ))}
    </Layout>
  );
}

/** What the texts state as fact, read from the registry and the configuration. */
async function legalFacts(services: Services): Promise<LegalFacts> {
  const { network, config } = services;
  const year = new Date().getUTCFullYear();
  const [chairYear, agencies] = await Promise.all([
    network.chairOf(year),
    network.list('agency', { sort: 'acronym', direction: 'asc' }),
  ]);
  const chairAgency = chairYear ? agencies.find((a) => a.id === chairYear.organisationId) : null;
  return {
    year,
    chair: chairYear
      ? {
          name: chairYear.name,
          acronym: chairYear.acronym,
          website: chairAgency?.website ?? null,
        }
      : null,
    agencies: agencies.map((a) => a.acronym),
    sessionIdleMinutes: config.sessionIdleMinutes,
    sessionMaxHours: config.sessionMaxHours,
    signInWindowMinutes: WINDOW_MINUTES,
    signInRetentionHours: ATTEMPT_RETENTION_HOURS,
    lockoutThreshold: LOCKOUT_THRESHOLD,
  };
}

const pages: readonly { url: string; title: MessageKey; text: keyof LegalContent }[] = [
  { url: '/privacy', title: 'legal.privacy.title', text: 'privacy' },
  { url: '/accessibility', title: 'legal.accessibility.title', text: 'accessibility' },
  { url: '/legal-notice', title: 'legal.notice.title', text: 'notice' },
];

/** The privacy statement, accessibility statement and legal notice, readable by anyone. */
export async function legalPages(app: FastifyInstance): Promise<void> {
  for (const { url, title, text } of pages) {
    app.get(
      url,
      { config: { access: anyone, page: true } },
      async (request: FastifyRequest, reply: FastifyReply) => {
        const ctx = request.pageContext();
        const document = legalContent(ctx.locale)[text](await legalFacts(app.services));
        return sendHtml(reply, <LegalPage ctx={ctx} title={ctx.t(title)} document={document} />);
      },
    );
  }
}
