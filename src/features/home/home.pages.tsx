import type { FastifyInstance } from 'fastify';
import { Moment } from '../../app/html/moment.js';
import { requireActor, signedIn, type Actor } from '../../app/access.js';
import { h, type Child, type Html } from '../../app/html/jsx.js';
import { sendHtml } from '../../app/html/send-html.js';
import { Layout } from '../../app/html/layout.js';
import type { PageContext } from '../../app/html/page-context.js';
import { DescriptionList } from '../../app/html/components.js';
import { formatDate, formatDateTime, formatNumber } from '../../app/i18n/format.js';
import { auditPolicy } from '../audit/audit.policy.js';
import { ChairName, organisationHref } from '../network/network.pages.js';
import type { ChairYearView, OrganisationDetail } from '../network/network.service.js';
import type { ActionPointView } from '../meetings/meetings.service.js';
import { OverdueReports } from '../reporting/reports.home.js';
import { ReportRequestsWaiting } from '../reporting/views/contributions-home.js';
import {
  HomeService,
  NEWLY_RELEASED_DAYS,
  SHOWN_PER_LIST,
  UPDATE_DUE_DAYS,
  type HomeWork,
  type RecentChange,
} from './home.service.js';

function ChairSection({
  ctx,
  year,
  chair,
  formerNames,
}: {
  ctx: PageContext;
  year: number;
  chair: ChairYearView | null;
  formerNames: OrganisationDetail['formerNames'];
}): Html {
  const { t } = ctx;
  return (
    <section class="ecl-u-mb-l">
      {chair?.year !== year ? (
        <p class="ecl-u-type-paragraph">{t('home.noChair', { year })}</p>
      ) : null}
      {chair ? (
        <div>
          <h2 class="ecl-u-type-heading-2">{t('home.chair', { year: chair.year })}</h2>
          <p class="ecl-u-type-paragraph-l">
            <ChairName ctx={ctx} chair={chair} formerNames={formerNames} />
            {`: ${chair.name}`}
          </p>
          {chair.note ? <p class="ecl-u-type-paragraph">{chair.note}</p> : null}
        </div>
      ) : null}
      <p>
        <a class="ecl-link ecl-link--standalone" href="/chairs">
          {t('home.chairs')}
        </a>
      </p>
    </section>
  );
}

/** One list of things that wait: a heading, its items, or a line saying nothing waits. */
function WorkList({
  id,
  heading,
  empty,
  items,
  total = items.length,
  more,
}: {
  id: string;
  heading: string;
  empty: string;
  items: Child[];
  /** How many the whole list holds, when `items` are only its first. */
  total?: number;
  /** Where the whole list is, when it is longer than the page shows. */
  more?: { href: string; label: string };
}): Html {
  return (
    <section class="jh-work ecl-u-mb-l" aria-labelledby={id}>
      <h3 class="ecl-u-type-heading-3" id={id}>
        {heading}
        {total > 0 ? <span class="jh-work__count">{` (${total})`}</span> : null}
      </h3>
      {items.length === 0 ? (
        <p class="ecl-u-type-paragraph jh-empty">{empty}</p>
      ) : (
        <ul class="ecl-unordered-list jh-work__list">
          {items.slice(0, SHOWN_PER_LIST).map((item) => (
            <li class="ecl-unordered-list__item">{item}</li>
          ))}
        </ul>
      )}
      {total > SHOWN_PER_LIST && more ? (
        <p>
          <a class="ecl-link ecl-link--standalone" href={more.href}>
            {more.label}
          </a>
        </p>
      ) : null}
    </section>
  );
}

function Dated({ ctx, day, label }: { ctx: PageContext; day: string; label: string }): Html {
  return (
    <span class="jh-work__meta">
      {`${label} `}
      <time datetime={day}>{formatDate(ctx.locale, day)}</time>
    </span>
  );
}

/** What waits for the reader, or for the secretariat what is overdue across the network. */
function WorkSection({
  ctx,
  actor,
  work,
  organisation,
  actionPoints,
}: {
  ctx: PageContext;
  actor: Actor;
  work: HomeWork;
  organisation: string;
  actionPoints: (ActionPointView & { meetingTitle: string })[];
}): Html {
  const { t } = ctx;
  const secretariat = actor.role === 'admin';
  const consultations = (
    <WorkList
      id="work-consultations"
      heading={t('home.work.consultations')}
      empty={t('home.work.consultations.none')}
      items={work.consultations.map((c) => (
        <span>
          <a class="ecl-link" href={`/priorities/${c.year}/versions/${c.version}/consultation`}>
            {c.title}
          </a>{' '}
          <Dated ctx={ctx} day={c.deadline} label={t('home.work.deadline')} />{' '}
          <span class="jh-work__meta">
            {secretariat
              ? t('home.work.consultations.agencies', { answered: c.answers, agencies: c.agencies })
              : t('home.work.consultations.answers', { count: c.answers })}
          </span>
        </span>
      ))}
    />
  );
  const activities = (
    <WorkList
      id="work-activities"
      heading={
        secretariat
          ? t('home.work.activitiesNetwork', { days: UPDATE_DUE_DAYS })
          : t('home.work.activities', { organisation, days: UPDATE_DUE_DAYS })
      }
      empty={t('home.work.activities.none')}
      more={{ href: '/scorecard', label: t('home.work.more') }}
      total={work.activitiesDue.total}
      items={work.activitiesDue.items.map((a) => (
        <span>
          <a class="ecl-link" href={`/scorecard/activities/${a.id}`}>
            {a.title}
          </a>
          {secretariat ? <span class="jh-work__meta">{` ${a.lead}`}</span> : null}{' '}
          {a.lastUpdate ? (
            <Dated ctx={ctx} day={a.lastUpdate} label={t('home.work.lastUpdate')} />
          ) : (
            <span class="jh-work__meta">{t('home.work.noUpdate')}</span>
          )}
        </span>
      ))}
    />
  );
  if (secretariat) {
    return (
      <section class="ecl-u-mb-xl" aria-labelledby="work-heading">
        <h2 class="ecl-u-type-heading-2" id="work-heading">
          {t('home.work.overdue')}
        </h2>
        <WorkList
          id="work-action-points"
          heading={t('home.work.overdueActionPoints')}
          empty={t('home.work.overdueActionPoints.none')}
          more={{ href: '/meetings', label: t('home.work.more') }}
          items={work.overdueActionPoints.map((p) => (
            <span>
              {`${p.owner}: ${p.text} `}
              <a class="ecl-link" href={`/meetings/${p.meetingId}#action-points`}>
                {p.meetingTitle}
              </a>{' '}
              <Dated ctx={ctx} day={p.dueOn} label={t('home.work.due')} />
            </span>
          ))}
        />
        <OverdueReports ctx={ctx} reports={work.overdueReports} />
        {activities}
        {consultations}
      </section>
    );
  }
  const contact = actor.role === 'contact';
  return (
    <section class="ecl-u-mb-xl" aria-labelledby="work-heading">
      <h2 class="ecl-u-type-heading-2" id="work-heading">
        {t('home.work.waiting')}
      </h2>
      {contact ? consultations : null}
      <WorkList
        id="work-invitations"
        heading={t('home.work.invitations')}
        empty={t('home.work.invitations.none')}
        items={work.invitations.map((m) => (
          <span>
            <a class="ecl-link" href={`/meetings/${m.id}`}>
              {m.title}
            </a>{' '}
            <span class="jh-work__meta">
              <time datetime={m.startsAt}>
                {formatDateTime(ctx.locale, m.startsAt, m.timeZone)}
              </time>
              {`, ${m.city}`}
            </span>
          </span>
        ))}
      />
      {contact ? activities : null}
      <WorkList
        id="action-points-heading"
        heading={t('meetings.home.actionPoints', { organisation })}
        empty={t('meetings.home.noActionPoints')}
        items={actionPoints.map((p) => (
          <span>
            {`${p.text} `}
            <a class="ecl-link" href={`/meetings/${p.meetingId}#action-points`}>
              {p.meetingTitle}
            </a>{' '}
            <Dated ctx={ctx} day={p.dueOn} label={t('home.work.due')} />
          </span>
        ))}
      />
      <WorkList
        id="work-documents"
        heading={t('home.work.documents', { organisation, days: NEWLY_RELEASED_DAYS })}
        empty={t('home.work.documents.none')}
        more={{ href: '/documents', label: t('home.work.more') }}
        items={work.documents.map((d) => (
          <span>
            <a class="ecl-link" href={`/documents/${d.id}`}>
              {d.title}
            </a>{' '}
            <span class="jh-work__meta">{`${d.registrationNumber}, ${d.originator}`}</span>
          </span>
        ))}
      />
    </section>
  );
}

/** "Frontex updated 'Eurosur Fusion Services'", the title linked to the record. */
function ChangeSentence({ ctx, change }: { ctx: PageContext; change: RecentChange }): Html {
  const { t } = ctx;
  const sentence = t(`home.change.${change.action}`, {
    organisation: change.organisation ?? t('home.change.platform'),
  });
  const [before = '', after = ''] = sentence.split('{title}');
  return (
    <span>
      {before}
      <a class="ecl-link" href={change.href}>
        {change.title}
      </a>
      {after}{' '}
      <span class="jh-work__meta">
        <Moment locale={ctx.locale} at={change.at} />
      </span>
    </span>
  );
}

function RecentChanges({
  ctx,
  changes,
  auditLink,
}: {
  ctx: PageContext;
  changes: RecentChange[];
  auditLink: boolean;
}): Html {
  const { t } = ctx;
  return (
    <section class="ecl-u-mb-xl" aria-labelledby="recent-changes">
      <h2 class="ecl-u-type-heading-2" id="recent-changes">
        {t('home.recentActivity')}
      </h2>
      {changes.length === 0 ? (
        <p class="ecl-u-type-paragraph jh-empty">{t('home.change.none')}</p>
      ) : (
        <ul class="ecl-unordered-list jh-work__list">
          {changes.map((change) => (
            <li class="ecl-unordered-list__item">
              <ChangeSentence ctx={ctx} change={change} />
            </li>
          ))}
        </ul>
      )}
      {auditLink ? (
        <p>
          <a class="ecl-link ecl-link--standalone" href="/audit">
            {t('home.allActivity')}
          </a>
        </p>
      ) : null}
    </section>
  );
}

/** The page a signed-in user lands on: what waits for them, what changed, and who chairs. */
export async function homePages(app: FastifyInstance): Promise<void> {
  const { network, meetings, database, documentTexts, reportContributions, reportSignoffs } =
    app.services;
  const home = new HomeService(database, documentTexts);

  app.get('/', { config: { access: signedIn, page: true } }, async (request, reply) => {
    const ctx = request.pageContext();
    const { t, locale } = ctx;
    const actor = requireActor(ctx.actor);
    const year = new Date().getUTCFullYear();
    const [
      organisation,
      chairs,
      agencyNames,
      counts,
      work,
      changes,
      actionPoints,
      contributions,
      signoffs,
    ] = await Promise.all([
      network.get(actor.organisationId),
      network.chairYears(),
      // Only agencies chair the network: the chair's former names are among theirs.
      network.formerNames('agency'),
      network.counts(),
      home.work(actor),
      home.recentChanges(actor),
      actor.role === 'admin' ? [] : meetings.openActionPointsOf(actor),
      reportContributions.waiting(actor),
      reportSignoffs.waiting(actor),
    ]);
    // The current year's chair, or else the latest year recorded before it.
    const chair = chairs.find((c) => c.year <= year) ?? null;
    const formerNames = chair ? (agencyNames.get(chair.organisationId) ?? []) : [];
    const page: Html = (
      <Layout ctx={ctx} title={t('home.title', { name: actor.name })}>
        <p class="ecl-u-type-paragraph-l">{t('home.intro')}</p>
        <WorkSection
          ctx={ctx}
          actor={actor}
          work={work}
          organisation={organisation.acronym}
          actionPoints={actionPoints}
        />
        <ReportRequestsWaiting ctx={ctx} contributions={contributions} signoffs={signoffs} />
        <RecentChanges ctx={ctx} changes={changes} auditLink={auditPolicy.read.allows(actor)} />
        <section class="ecl-u-mb-l">
          <h2 class="ecl-u-type-heading-2">{t('home.yourAccount')}</h2>
          <DescriptionList
            items={[
              [t('home.role'), t(`role.${actor.role}`)],
              [
                t('home.organisation'),
                <a class="ecl-link" href={organisationHref(organisation)}>
                  {`${organisation.acronym}: ${organisation.name}`}
                </a>,
              ],
            ]}
          />
        </section>
        <ChairSection ctx={ctx} year={year} chair={chair} formerNames={formerNames} />
        <ul class="jh-cards">
          <li class="jh-card">
            <h2 class="ecl-u-type-heading-3">
              <a class="ecl-link ecl-link--standalone" href="/agencies">
                {t('home.members')}
              </a>
            </h2>
            <p class="ecl-u-type-paragraph">
              {t('home.membersCount', { count: formatNumber(locale, counts.agency) })}
            </p>
          </li>
          <li class="jh-card">
            <h2 class="ecl-u-type-heading-3">
              <a class="ecl-link ecl-link--standalone" href="/bodies">
                {t('home.partners')}
              </a>
            </h2>
            <p class="ecl-u-type-paragraph">
              {t('home.partnersCount', { count: formatNumber(locale, counts.body) })}
            </p>
          </li>
        </ul>
      </Layout>
    );
    return sendHtml(reply, page);
  });
}
