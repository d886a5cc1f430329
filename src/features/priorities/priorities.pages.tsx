import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, type Actor } from '../../app/access.js';
import { Fragment, h, type Html } from '../../app/html/jsx.js';
import { Layout } from '../../app/html/layout.js';
import { LinkButton, Notification, Table } from '../../app/html/components.js';
import type { PageContext } from '../../app/html/page-context.js';
import { sendHtml } from '../../app/html/send-html.js';
import { formatDate, intlLocaleOf } from '../../app/i18n/format.js';
import { IllustrativeTag } from '../../app/html/illustrative-tag.js';
import { reportObligationsOf, type ReportObligationView } from '../reporting/report-obligations.js';
import { WorkflowActions } from './priorities.drafting.pages.js';
import { prioritiesPolicy } from './priorities.policy.js';
import { VersionParams, YearParams } from './priorities.schema.js';
import type {
  FrameworkSummary,
  FrameworkView,
  ReferenceView,
  SectionParagraph,
  SectionView,
} from './priorities.service.js';

const NoticeQuery = Type.Object({
  saved: Type.Optional(Type.String({ maxLength: 10 })),
  deleted: Type.Optional(Type.String({ maxLength: 10 })),
});

function statusLabel(ctx: PageContext, status: FrameworkSummary['status']): string {
  return ctx.t(`priorities.status.${status}`);
}

/** The chair as named in the year, with today's name beside it; a year without one says so. */
function chairName(ctx: PageContext, framework: FrameworkSummary): string {
  if (framework.chairAcronym === null) return ctx.t('priorities.noChair');
  if (framework.chairAcronymNow === null) return framework.chairAcronym;
  return ctx.t('network.nameThen', {
    then: framework.chairAcronym,
    now: framework.chairAcronymNow,
  });
}

function References({ references }: { references: ReferenceView[] }): Html | null {
  if (references.length === 0) return null;
  return (
    <span class="jh-references">
      {references.map((r) => (
        <a class="ecl-link" href={r.url} rel="noreferrer">
          <sup>{`(${r.label})`}</sup>
          <span class="ecl-u-sr-only">{r.title}</span>
        </a>
      ))}
    </span>
  );
}

function SectionText({ paragraph }: { paragraph: SectionParagraph }): Html {
  if (typeof paragraph === 'string') return <p class="ecl-u-type-paragraph">{paragraph}</p>;
  return (
    <div>
      <p class="ecl-u-type-paragraph">{paragraph.text}</p>
      <ul class="ecl-unordered-list ecl-u-mb-m">
        {paragraph.items.map((item) => (
          <li class="ecl-unordered-list__item">{item}</li>
        ))}
      </ul>
    </div>
  );
}

function sectionId(section: SectionView): string {
  return `section-${section.number.replace('.', '-')}`;
}

function Section({ ctx, section }: { ctx: PageContext; section: SectionView }): Html {
  const references = [
    ...section.objectiveReferences,
    ...section.lines.flatMap((line) => line.references),
  ];
  return (
    <section class="ecl-u-mb-2xl" aria-labelledby={sectionId(section)}>
      <h3 class="ecl-u-type-heading-3" id={sectionId(section)}>
        {`${section.number} ${section.title}`}
      </h3>
      <p class="ecl-u-type-paragraph-lead">
        <span class="ecl-u-sr-only">{`${ctx.t('priorities.objective')}: `}</span>
        {section.objective} <References references={section.objectiveReferences} />
      </p>
      {section.context.map((paragraph) => (
        <SectionText paragraph={paragraph} />
      ))}
      {section.lines.length > 0 ? (
        <div>
          <h4 class="ecl-u-type-heading-4">{ctx.t('priorities.lines')}</h4>
          <ol class="ecl-ordered-list">
            {section.lines.map((line) => (
              <li class="ecl-ordered-list__item" id={`line-${line.key}`}>
                {line.text} <References references={line.references} />
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {references.length > 0 ? (
        <div>
          <h4 class="ecl-u-type-heading-4">{ctx.t('priorities.references')}</h4>
          <ul class="ecl-unordered-list">
            {references.map((r) => (
              <li class="ecl-unordered-list__item">
                {`(${r.label}) `}
                <a class="ecl-link" href={r.url} rel="noreferrer">
                  {r.title}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

/**
 * The meeting a version was agreed at, where its source gives no day beyond the meeting (the
 * 2017 paper): the page names the meeting and its days rather than a single day.
 */
interface AgreementMeeting {
  id: string;
  localStart: string;
  localEnd: string;
}

async function agreementMeetingOf(
  app: FastifyInstance,
  actor: Actor,
  framework: FrameworkSummary,
): Promise<AgreementMeeting | null> {
  const { agreedOn, agreedAt } = framework;
  if (agreedOn === null || agreedAt === null) return null;
  const source = await app.services.database.db
    .selectFrom('record_sources')
    .select('source')
    .where('record_type', '=', 'priorities')
    .where('record_id', '=', framework.id)
    .executeTakeFirst();
  if (!source) return null;
  const sameDay = await app.services.meetings.between(
    actor,
    `${agreedOn}T00:00:00.000Z`,
    `${agreedOn}T23:59:59.999Z`,
  );
  return sameDay.find((m) => m.title.toLowerCase() === agreedAt.toLowerCase()) ?? null;
}

function meetingDays(locale: string, meeting: AgreementMeeting): string {
  return new Intl.DateTimeFormat(intlLocaleOf(locale), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatRange(
    new Date(`${meeting.localStart.slice(0, 10)}T00:00:00Z`),
    new Date(`${meeting.localEnd.slice(0, 10)}T00:00:00Z`),
  );
}

/** The reports the network owes in the year, after its sections: to whom, when, by which day. */
function ReportObligations({
  ctx,
  year,
  obligations,
}: {
  ctx: PageContext;
  year: number;
  obligations: ReportObligationView[];
}): Html {
  const { t } = ctx;
  return (
    <section class="ecl-u-mb-2xl" aria-labelledby="reports-owed">
      <h2 class="ecl-u-type-heading-2" id="reports-owed">
        {t('priorities.reports.title', { year })}
      </h2>
      {obligations.length === 0 ? (
        <p class="ecl-u-type-paragraph">{t('priorities.reports.none')}</p>
      ) : (
        <ul class="ecl-unordered-list">
          {obligations.map((obligation) => (
            <li class="ecl-unordered-list__item">
              {`${obligation.recipientName}, ${t(`priorities.reports.period.${obligation.period}`, { year })}`}
              {obligation.dueOn ? (
                <>
                  {`: ${t('priorities.reports.dueOn', { date: formatDate(ctx.locale, obligation.dueOn) })}`}
                  {obligation.illustrative ? <IllustrativeTag ctx={ctx} /> : null}
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function FrameworkPage({
  ctx,
  framework,
  versions,
  saved,
  agreedAtMeeting,
  obligations,
}: {
  ctx: PageContext;
  framework: FrameworkView;
  versions: FrameworkSummary[];
  saved?: boolean;
  agreedAtMeeting: AgreementMeeting | null;
  obligations: ReportObligationView[];
}): Html {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('priorities.yearTitle', { year: framework.year })}
      notices={saved ? <Notification variant="success">{t('common.saved')}</Notification> : null}
    >
      <p class="ecl-u-type-paragraph">
        {`${t('priorities.versionOf', { version: framework.version, status: statusLabel(ctx, framework.status) })}. `}
        {`${t('priorities.chair')}: ${chairName(ctx, framework)}. `}
        {agreedAtMeeting && framework.agreedAt ? (
          <>
            {`${t('priorities.agreedAtMeeting')} `}
            <a class="ecl-link" href={`/meetings/${agreedAtMeeting.id}`}>
              {t('priorities.agreedMeetingDays', {
                meeting: framework.agreedAt,
                days: meetingDays(ctx.locale, agreedAtMeeting),
              })}
            </a>
            {'.'}
          </>
        ) : null}
        {!agreedAtMeeting && framework.agreedOn && framework.agreedAt
          ? t('priorities.agreedOn', {
              date: formatDate(ctx.locale, framework.agreedOn),
              meeting: framework.agreedAt,
            })
          : ''}
        {framework.status === 'consultation' && framework.consultationDeadline
          ? ` ${t('priorities.consult.deadlineIs', { date: formatDate(ctx.locale, framework.consultationDeadline) })}`
          : ''}
      </p>
      <WorkflowActions ctx={ctx} framework={framework} />
      {versions.length > 1 ? (
        <nav aria-label={t('priorities.otherVersions', { year: framework.year })}>
          <ul class="ecl-unordered-list">
            {versions.map((v) => (
              <li class="ecl-unordered-list__item">
                <a
                  class="ecl-link"
                  href={`/priorities/${v.year}/versions/${v.version}`}
                  aria-current={v.id === framework.id ? 'page' : undefined}
                >
                  {t('priorities.versionOf', {
                    version: v.version,
                    status: statusLabel(ctx, v.status),
                  })}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {framework.introduction.map((paragraph) => (
        <p class="ecl-u-type-paragraph">{paragraph}</p>
      ))}
      <nav aria-labelledby="contents-heading" class="ecl-u-mb-xl">
        <h2 class="ecl-u-type-heading-2" id="contents-heading">
          {t('priorities.contents')}
        </h2>
        <ul class="ecl-unordered-list">
          {framework.sections.map((section) => (
            <li class="ecl-unordered-list__item">
              <a class="ecl-link" href={`#${sectionId(section)}`}>
                {`${section.number} ${section.title}`}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h2 class="ecl-u-type-heading-2">{t('priorities.principles')}</h2>
      <ul class="ecl-unordered-list ecl-u-mb-xl">
        {framework.principles.map((p) => (
          <li class="ecl-unordered-list__item">
            <strong>{p.title}</strong>
            {`: ${p.text}`}
          </li>
        ))}
      </ul>
      <h2 class="ecl-u-type-heading-2">{t('priorities.outlook', { year: framework.year })}</h2>
      {framework.groups.map((group) => (
        <div>
          <h3 class="ecl-u-type-heading-3">{group.title}</h3>
          <ul class="ecl-unordered-list ecl-u-mb-l">
            {group.outlook.map((statement) => (
              <li class="ecl-unordered-list__item">{statement}</li>
            ))}
          </ul>
        </div>
      ))}
      {framework.outlookNote ? (
        <p class="ecl-u-type-paragraph ecl-u-mb-xl">{framework.outlookNote}</p>
      ) : null}
      {framework.groups.map((group) => (
        <div>
          <h2 class="ecl-u-type-heading-2">{group.title}</h2>
          {framework.sections
            .filter((section) => section.group === group.key)
            .map((section) => (
              <Section ctx={ctx} section={section} />
            ))}
        </div>
      ))}
      <ReportObligations ctx={ctx} year={framework.year} obligations={obligations} />
    </Layout>
  );
}

export async function prioritiesPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { priorities } = app.services;

  app.get(
    '/priorities',
    { schema: { querystring: NoticeQuery }, config: { access: prioritiesPolicy.read, page: true } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const versions = await priorities.list(requireActor(request.actor));
      return sendHtml(
        reply,
        <Layout
          ctx={ctx}
          title={t('priorities.title')}
          notices={
            request.query.deleted !== undefined ? (
              <Notification variant="success">{t('priorities.delete.done')}</Notification>
            ) : null
          }
        >
          <p class="ecl-u-type-paragraph">{t('priorities.intro')}</p>
          <div class="jh-actions ecl-u-mb-l">
            {prioritiesPolicy.draft.allows(ctx.actor) ? (
              <LinkButton href="/priorities/new">{t('priorities.draft.title')}</LinkButton>
            ) : null}
            {versions.length > 1 ? (
              <a class="ecl-link ecl-link--standalone" href="/priorities/compare">
                {t('priorities.compare.title')}
              </a>
            ) : null}
          </div>
          {versions.length === 0 ? (
            <p class="ecl-u-type-paragraph">{t('priorities.empty')}</p>
          ) : (
            <Table
              ctx={ctx}
              caption={t('priorities.caption')}
              rows={versions}
              columns={[
                {
                  header: t('priorities.year'),
                  cell: (v) => (
                    <a class="ecl-link" href={`/priorities/${v.year}/versions/${v.version}`}>
                      {v.title}
                    </a>
                  ),
                },
                { header: t('priorities.version'), cell: (v) => v.version },
                { header: t('priorities.status'), cell: (v) => statusLabel(ctx, v.status) },
                { header: t('priorities.chair'), cell: (v) => chairName(ctx, v) },
                {
                  header: t('priorities.agreed'),
                  cell: (v) => (v.agreedOn ? formatDate(ctx.locale, v.agreedOn) : ''),
                },
              ]}
            />
          )}
        </Layout>,
      );
    },
  );

  app.get(
    '/priorities/:year',
    { schema: { params: YearParams }, config: { access: prioritiesPolicy.read, page: true } },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const framework = await priorities.get(actor, request.params.year);
      const versions = await priorities.list(actor, request.params.year);
      return sendHtml(
        reply,
        <FrameworkPage
          ctx={request.pageContext()}
          framework={framework}
          versions={versions}
          agreedAtMeeting={await agreementMeetingOf(app, actor, framework)}
          obligations={await reportObligationsOf(app.services.database.db, framework.year)}
        />,
      );
    },
  );

  app.get(
    '/priorities/:year/versions/:version',
    {
      schema: { params: VersionParams, querystring: NoticeQuery },
      config: { access: prioritiesPolicy.read, page: true },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const framework = await priorities.get(actor, request.params.year, request.params.version);
      const versions = await priorities.list(actor, request.params.year);
      return sendHtml(
        reply,
        <FrameworkPage
          ctx={request.pageContext()}
          framework={framework}
          versions={versions}
          saved={request.query.saved !== undefined}
          agreedAtMeeting={await agreementMeetingOf(app, actor, framework)}
          obligations={await reportObligationsOf(app.services.database.db, framework.year)}
        />,
      );
    },
  );
}
