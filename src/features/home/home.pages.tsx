import type { FastifyInstance } from 'fastify';
import { requireActor, signedIn } from '../../app/access.js';
import { h, type Html } from '../../app/html/jsx.js';
import { sendHtml } from '../../app/html/send-html.js';
import { Layout } from '../../app/html/layout.js';
import type { PageContext } from '../../app/html/page-context.js';
import { DescriptionList, Table } from '../../app/html/components.js';
import { formatDate, formatDateTime, formatNumber } from '../../app/i18n/format.js';
import type { AuditEntry } from '../../db/schema.js';
import { auditPolicy } from '../audit/audit.policy.js';
import { ChairName, organisationHref } from '../network/network.pages.js';
import type { ChairYearView, OrganisationDetail } from '../network/network.service.js';
import type { ActionPointView } from '../meetings/meetings.service.js';

const RECENT_ENTRIES = 10;

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

function RecentActivity({ ctx, entries }: { ctx: PageContext; entries: AuditEntry[] }): Html {
  const { t } = ctx;
  return (
    <section>
      <h2 class="ecl-u-type-heading-2">{t('home.recentActivity')}</h2>
      <Table
        ctx={ctx}
        caption={t('home.recentActivity')}
        rows={entries}
        columns={[
          { header: t('audit.action'), cell: (e) => <code>{e.action}</code> },
          {
            header: t('audit.actor'),
            cell: (e) =>
              e.actor_email
                ? `${e.actor_email}${e.actor_organisation ? ` (${e.actor_organisation})` : ''}`
                : t('audit.system'),
          },
          {
            header: t('audit.at'),
            cell: (e) => <time datetime={e.at}>{formatDateTime(ctx.locale, e.at)}</time>,
          },
        ]}
      />
      <p>
        <a class="ecl-link ecl-link--standalone" href="/audit">
          {t('home.allActivity')}
        </a>
      </p>
    </section>
  );
}

/** The open action points the user's organisation owns, from the meetings the user may see. */
function ActionPoints({
  ctx,
  organisation,
  points,
}: {
  ctx: PageContext;
  organisation: string;
  points: (ActionPointView & { meetingTitle: string })[];
}): Html {
  const { t } = ctx;
  return (
    <section class="ecl-u-mb-l" aria-labelledby="action-points-heading">
      <h2 class="ecl-u-type-heading-2" id="action-points-heading">
        {t('meetings.home.actionPoints', { organisation })}
      </h2>
      {points.length === 0 ? (
        <p class="ecl-u-type-paragraph">{t('meetings.home.noActionPoints')}</p>
      ) : (
        <Table
          ctx={ctx}
          caption={t('meetings.home.actionPoints', { organisation })}
          rows={points}
          columns={[
            { header: t('meetings.actionPoint'), cell: (p) => p.text },
            {
              header: t('meetings.what'),
              cell: (p) => (
                <a class="ecl-link" href={`/meetings/${p.meetingId}#action-points`}>
                  {p.meetingTitle}
                </a>
              ),
            },
            {
              header: t('meetings.actionPoint.due'),
              cell: (p) => <time datetime={p.dueOn}>{formatDate(ctx.locale, p.dueOn)}</time>,
            },
          ]}
        />
      )}
      <p>
        <a class="ecl-link ecl-link--standalone" href="/meetings">
          {t('meetings.home.allMeetings')}
        </a>
      </p>
    </section>
  );
}

/** The dashboard a signed-in user lands on: who they are, who chairs, and where to go next. */
export async function homePages(app: FastifyInstance): Promise<void> {
  const { network, audit, meetings } = app.services;

  app.get('/', { config: { access: signedIn, page: true } }, async (request, reply) => {
    const ctx = request.pageContext();
    const { t, locale } = ctx;
    const actor = requireActor(ctx.actor);
    const year = new Date().getUTCFullYear();
    const showAudit = auditPolicy.read.allows(actor);
    const [organisation, chairs, counts, recent, actionPoints] = await Promise.all([
      network.get(actor.organisationId),
      network.chairYears(),
      network.counts(),
      showAudit ? audit.list({}, 1, RECENT_ENTRIES) : null,
      meetings.openActionPointsOf(actor),
    ]);
    // The current year's chair, or else the latest year recorded before it.
    const chair = chairs.find((c) => c.year <= year) ?? null;
    const formerNames = chair ? (await network.get(chair.organisationId)).formerNames : [];
    const page: Html = (
      <Layout ctx={ctx} title={t('home.title', { name: actor.name })}>
        <p class="ecl-u-type-paragraph-l">{t('home.intro')}</p>
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
        <ActionPoints ctx={ctx} organisation={organisation.acronym} points={actionPoints} />
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
        {recent ? <RecentActivity ctx={ctx} entries={recent.items} /> : null}
      </Layout>
    );
    return sendHtml(reply, page);
  });
}
