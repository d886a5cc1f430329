import { requireActor } from '../../../app/access.js';
import { Table } from '../../../app/html/components.js';
import { h } from '../../../app/html/jsx.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { formatNumber } from '../../../app/i18n/format.js';
import { activityStatuses } from '../../../db/schema.js';
import { tableHref } from '../scorecard.filters.js';
import { assessmentBuckets, type AssessmentBucket } from '../scorecard.views.js';
import { statusLabel } from '../views/labels.js';
import { CountLink, ViewPage } from '../views/view-page.js';
import { viewRoute, type ViewsApp, type ViewsKit } from './views.kit.js';

/** Per agency: what each agency leads and joins, each count opening those activities. */
export async function agencyViewPages(app: ViewsApp, kit: ViewsKit): Promise<void> {
  app.get('/scorecard/agencies', viewRoute, async (request, reply) => {
    const { ctx, t, year, filters, form } = await kit.prepare(request, '/scorecard/agencies');
    const figures = await kit.views.agencies(requireActor(request.actor), filters);
    const count = (n: number) => formatNumber(ctx.locale, n);
    const bucketLabel = (bucket: AssessmentBucket) => t(`scorecard.assessment.${bucket}`);
    return sendHtml(
      reply,
      <ViewPage
        ctx={ctx}
        title={t('scorecardViews.agencies.title', { year })}
        tab="/scorecard/agencies"
        intro={t('scorecardViews.agencies.intro')}
        form={form(false)}
        filters={filters}
      >
        <Table
          ctx={ctx}
          caption={t('scorecardViews.agencies.caption', { year })}
          rows={figures}
          columns={[
            {
              header: t('scorecardViews.agencies.agency'),
              cell: (f) => (
                <span>
                  <strong>{f.agency.acronym}</strong>
                  <br />
                  <span class="ecl-u-type-s">{f.agency.name}</span>
                </span>
              ),
            },
            {
              header: t('scorecardViews.agencies.leads'),
              cell: (f) => (
                <CountLink
                  count={f.leads}
                  href={tableHref(filters, { agency: f.agency.acronym, agencyRole: 'lead' })}
                  label={t('scorecardViews.agencies.leadsLabel', {
                    count: count(f.leads),
                    agency: f.agency.acronym,
                  })}
                />
              ),
            },
            {
              header: t('scorecardViews.agencies.joins'),
              cell: (f) => (
                <CountLink
                  count={f.joins}
                  href={tableHref(filters, {
                    agency: f.agency.acronym,
                    agencyRole: 'participant',
                  })}
                  label={t('scorecardViews.agencies.joinsLabel', {
                    count: count(f.joins),
                    agency: f.agency.acronym,
                  })}
                />
              ),
            },
            {
              header: t('scorecardViews.agencies.byStatus'),
              cell: (f) => {
                const present = activityStatuses.filter((s) => f.byStatus[s] > 0);
                if (present.length === 0) return t('common.none');
                return (
                  <ul class="jh-plain-list">
                    {present.map((s) => (
                      <li>
                        <a
                          class="ecl-link"
                          href={tableHref(filters, {
                            agency: f.agency.acronym,
                            agencyRole: undefined,
                            status: s,
                          })}
                        >
                          {t('scorecardViews.agencies.count', {
                            label: statusLabel(ctx, s),
                            count: count(f.byStatus[s]),
                          })}
                        </a>
                      </li>
                    ))}
                  </ul>
                );
              },
            },
            {
              header: t('scorecardViews.agencies.byAssessment'),
              cell: (f) => {
                const present = assessmentBuckets.filter((b) => f.byAssessment[b] > 0);
                if (present.length === 0) return t('common.none');
                return (
                  <ul class="jh-plain-list">
                    {present.map((b) => {
                      const text = t('scorecardViews.agencies.count', {
                        label: bucketLabel(b),
                        count: count(f.byAssessment[b]),
                      });
                      return (
                        <li>
                          {b === 'none' ? (
                            text
                          ) : (
                            <a
                              class="ecl-link"
                              href={tableHref(filters, {
                                agency: f.agency.acronym,
                                agencyRole: undefined,
                                assessment: b,
                              })}
                            >
                              {text}
                            </a>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                );
              },
            },
          ]}
        />
      </ViewPage>,
    );
  });
}
