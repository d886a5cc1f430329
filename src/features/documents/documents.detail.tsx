import { IllustrativeTag } from '../../app/html/illustrative-tag.js';
import type { FieldError } from '../../app/errors.js';
import { DescriptionList, Notification, Pagination, Table } from '../../app/html/components.js';
import { h, type Child, type Html } from '../../app/html/jsx.js';
import { Layout } from '../../app/html/layout.js';
import type { PageContext } from '../../app/html/page-context.js';
import { formatDate, formatDateTime, formatNumber } from '../../app/i18n/format.js';
import type { ClassificationName } from '../../db/schema.js';
import type { DocumentDetail, DownloadView, FileView, LinkView } from './documents.model.js';
import { languageName, sizeLabel } from './documents.forms.js';
import { VersionForm } from './views/change-forms.js';
import { nameOnDateLabel } from '../network/names-on-date.js';

const NO_MARKING = 'No marking';

/**
 * The marking of a page, as a banner at its head and foot: red for EU classified information,
 * amber for other markings. The words carry the meaning; the colour repeats it.
 */
export function MarkingBanner({
  ctx,
  marking,
}: {
  ctx: PageContext;
  marking: { line: string; classification: ClassificationName; tlp?: string | null };
}): Html {
  const variant =
    marking.classification !== 'none'
      ? 'jh-marking--classified'
      : marking.tlp === 'red'
        ? 'jh-marking--red'
        : marking.line === NO_MARKING
          ? 'jh-marking--none'
          : 'jh-marking--marked';
  return (
    <div
      class={`jh-marking ${variant}`}
      role="note"
      aria-label={ctx.t('documents.markingBannerLabel')}
    >
      {marking.line}
    </div>
  );
}

export function isMarked(line: string): boolean {
  return line !== NO_MARKING;
}

export function documentHref(id: string): string {
  return `/documents/${id}`;
}

function linkHref(link: LinkView): string | null {
  if (link.type === 'meeting') return `/meetings/${link.id}`;
  if (link.type === 'activity') return `/scorecard/activities/${link.id}`;
  return null;
}

function Links({ ctx, links }: { ctx: PageContext; links: readonly LinkView[] }): Html {
  if (links.length === 0)
    return <p class="ecl-u-type-paragraph">{ctx.t('documents.links.none')}</p>;
  return (
    <ul class="ecl-unordered-list">
      {links.map((link) => {
        const href = linkHref(link);
        return (
          <li class="ecl-unordered-list__item">
            {`${ctx.t(`documents.links.${link.type}`)}: `}
            {href ? (
              <a class="ecl-link" href={href}>
                {link.label}
              </a>
            ) : (
              link.label
            )}
          </li>
        );
      })}
    </ul>
  );
}

function releasedToText(ctx: PageContext, document: DocumentDetail): string {
  const m = document.marking;
  if (m.releasability === 'network') return ctx.t('documents.detail.releasability.network');
  if (m.releasability === 'originator') return ctx.t('documents.detail.releasability.originator');
  // The originator first, then the others as the marking line names them, alphabetically.
  const others = m.releasedTo.map((o) => o.acronym).sort((a, b) => a.localeCompare(b));
  return [document.originator.acronym, ...others].join(', ');
}

/** Where a version's text stands: extraction runs after the upload, in the background. */
function textState(ctx: PageContext, file: FileView): string {
  if (file.textPending) return ctx.t('documents.versions.text.pending');
  if (file.textFailed) return ctx.t('documents.versions.text.failed');
  if (file.textChars === 0) return ctx.t('documents.versions.text.none');
  return ctx.t('documents.versions.text.chars', {
    count: formatNumber(ctx.locale, file.textChars),
  });
}

export interface Downloads {
  items: DownloadView[];
  total: number;
  page: number;
  pageSize: number;
}

export interface DetailState {
  notice?: { title: string; text?: string; variant: 'success' | 'warning' } | undefined;
  versionErrors?: readonly FieldError[] | undefined;
  versionNote?: string | undefined;
  conflict?: boolean | undefined;
}

export function DocumentPage({
  ctx,
  document,
  downloads,
  maxFileBytes,
  state,
  illustrative,
}: {
  ctx: PageContext;
  document: DocumentDetail;
  downloads: Downloads | null;
  maxFileBytes: number;
  state: DetailState;
  /** The demonstration added the document: stated in no paper. */
  illustrative: boolean;
}): Html {
  const { t, locale } = ctx;
  const href = documentHref(document.id);
  const p = document.permissions;
  const banner = <MarkingBanner ctx={ctx} marking={document.marking} />;
  const notices: Child = (
    <div>
      {banner}
      {state.notice ? (
        <Notification variant={state.notice.variant} title={state.notice.title}>
          {state.notice.text ?? ''}
        </Notification>
      ) : null}
      {state.conflict ? (
        <Notification variant="warning" title={t('error.conflict.title')}>
          <p>{t('documents.conflict')}</p>
          <p>
            <a class="ecl-link ecl-link--standalone" href={href}>
              {t('documents.reload')}
            </a>
          </p>
        </Notification>
      ) : null}
    </div>
  );
  const recipients = document.marking.recipients;
  return (
    <Layout ctx={ctx} title={document.title} notices={notices}>
      {illustrative ? <IllustrativeTag ctx={ctx} /> : null}
      <div class="jh-actions">
        {p.download ? (
          <a
            class="ecl-link ecl-link--standalone ecl-link--cta jh-link-button"
            href={`/api${href}/file`}
          >
            {t('documents.download')}
          </a>
        ) : null}
        {p.download ? (
          <a class="ecl-link ecl-link--standalone" href={`/api${href}/text.txt`}>
            {t('documents.textVersion')}
          </a>
        ) : null}
        {p.edit ? (
          <a class="ecl-link ecl-link--standalone" href={`${href}/edit`}>
            {t('documents.edit')}
          </a>
        ) : null}
        {p.mark ? (
          <a class="ecl-link ecl-link--standalone" href={`${href}/marking`}>
            {t('documents.changeMarking')}
          </a>
        ) : null}
        {p.mark && document.marking.classification !== 'none' ? (
          <a class="ecl-link ecl-link--standalone" href={`${href}/schedule`}>
            {t('documents.schedule')}
          </a>
        ) : null}
      </div>

      {document.scheduledChange ? (
        <Notification variant="info" title={t('documents.scheduled.title')}>
          <p>
            {t('documents.scheduled', {
              on: formatDate(locale, document.scheduledChange.on),
              level:
                document.scheduledChange.classificationLabel ||
                t('documents.form.classification.none'),
              reason: document.scheduledChange.reason,
            })}
          </p>
          {p.mark ? (
            <p>
              <a class="ecl-link ecl-link--standalone" href={`${href}/schedule/cancel`}>
                {t('documents.cancelSchedule')}
              </a>
            </p>
          ) : null}
        </Notification>
      ) : null}

      {document.isReference ? (
        <section class="jh-reference ecl-u-mb-l" aria-labelledby="reference-heading">
          <h2 class="ecl-u-type-heading-2" id="reference-heading">
            {t('documents.reference.title')}
          </h2>
          <p class="ecl-u-type-paragraph">{t('documents.reference.text')}</p>
          <DescriptionList
            items={[
              [
                t('documents.reference.holder'),
                document.holder?.acronym ?? document.originator.acronym,
              ],
              [t('documents.reference.contact'), document.pointOfContact],
            ]}
          />
        </section>
      ) : null}

      <h2 class="ecl-u-type-heading-2">{t('documents.detail.metadata')}</h2>
      <DescriptionList
        items={[
          [t('documents.detail.number'), document.registrationNumber],
          ...(document.originatorReference !== ''
            ? [
                [t('documents.detail.originatorReference'), document.originatorReference] as [
                  string,
                  Child,
                ],
              ]
            : []),
          [t('documents.detail.registeredOn'), formatDate(locale, document.registeredOn)],
          [t('documents.detail.registeredBy'), document.registeredBy ?? ''],
          [t('documents.detail.originator'), nameOnDateLabel(t, document.originator)],
          [t('documents.detail.type'), t(`documents.type.${document.documentType as 'other'}`)],
          [t('documents.detail.language'), languageName(locale, document.language)],
          [t('documents.detail.marking'), document.marking.line],
          [t('documents.detail.releasedTo'), releasedToText(ctx, document)],
          ...(recipients.length > 0
            ? [
                [t('documents.detail.recipients'), recipients.map((r) => r.name).join(', ')] as [
                  string,
                  Child,
                ],
              ]
            : []),
          ...(document.description.trim() !== ''
            ? [
                [
                  t('documents.detail.description'),
                  <span class="jh-pre">{document.description}</span>,
                ] as [string, Child],
              ]
            : []),
        ]}
      />

      <h2 class="ecl-u-type-heading-2">{t('documents.links')}</h2>
      <Links ctx={ctx} links={document.links} />

      {document.isReference ? null : (
        <section aria-labelledby="versions-heading">
          <h2 class="ecl-u-type-heading-2" id="versions-heading">
            {t('documents.versions')}
          </h2>
          {document.files.length === 0 ? (
            <p class="ecl-u-type-paragraph">{t('documents.versions.none')}</p>
          ) : (
            <Table
              ctx={ctx}
              caption={t('documents.versions.caption')}
              rows={[...document.files].sort((a, b) => b.number - a.number)}
              columns={[
                { header: t('documents.versions.number'), cell: (f) => String(f.number) },
                {
                  header: t('documents.versions.file'),
                  cell: (f) =>
                    p.download ? (
                      <a class="ecl-link" href={`/api${href}/versions/${String(f.number)}/file`}>
                        {f.filename}
                      </a>
                    ) : (
                      f.filename
                    ),
                },
                { header: t('documents.versions.type'), cell: (f) => f.contentType },
                { header: t('documents.versions.size'), cell: (f) => sizeLabel(f.sizeBytes) },
                { header: t('documents.versions.text'), cell: (f) => textState(ctx, f) },
                {
                  header: t('documents.versions.uploaded'),
                  cell: (f) =>
                    t('documents.versions.uploadedBy', {
                      at: formatDateTime(locale, f.uploadedAt),
                      by: f.uploadedBy ?? '',
                    }),
                },
                { header: t('documents.versions.note'), cell: (f) => f.note },
              ]}
            />
          )}
          {p.edit ? (
            <div>
              <h3 class="ecl-u-type-heading-3">{t('documents.versions.upload')}</h3>
              <VersionForm
                ctx={ctx}
                document={document}
                errors={state.versionErrors ?? []}
                maxFileBytes={maxFileBytes}
                note={state.versionNote ?? ''}
              />
            </div>
          ) : null}
        </section>
      )}

      <h2 class="ecl-u-type-heading-2">{t('documents.history')}</h2>
      {document.markingHistory.length === 0 ? (
        <p class="ecl-u-type-paragraph">{t('documents.history.none')}</p>
      ) : (
        <Table
          ctx={ctx}
          caption={t('documents.history.caption')}
          rows={document.markingHistory}
          columns={[
            { header: t('documents.history.at'), cell: (c) => formatDateTime(locale, c.at) },
            {
              header: t('documents.history.kind'),
              cell: (c) => t(`documents.kind.${c.kind as 'mark'}`),
            },
            { header: t('documents.history.before'), cell: (c) => c.before },
            { header: t('documents.history.after'), cell: (c) => c.after },
            { header: t('documents.history.reason'), cell: (c) => c.reason },
            { header: t('documents.history.by'), cell: (c) => c.by ?? '' },
          ]}
        />
      )}

      {downloads ? (
        <section aria-labelledby="downloads-heading">
          <h2 class="ecl-u-type-heading-2" id="downloads-heading">
            {t('documents.downloads')}
          </h2>
          {downloads.total === 0 ? (
            <p class="ecl-u-type-paragraph">{t('documents.downloads.none')}</p>
          ) : (
            <Table
              ctx={ctx}
              caption={t('documents.downloads.caption')}
              rows={downloads.items}
              columns={[
                { header: t('documents.downloads.at'), cell: (d) => formatDateTime(locale, d.at) },
                { header: t('documents.downloads.user'), cell: (d) => d.userEmail },
                { header: t('documents.downloads.organisation'), cell: (d) => d.organisation },
                { header: t('documents.downloads.version'), cell: (d) => String(d.fileNumber) },
                { header: t('documents.downloads.rendition'), cell: (d) => d.rendition },
              ]}
            />
          )}
          <Pagination
            ctx={ctx}
            page={downloads.page}
            pageSize={downloads.pageSize}
            total={downloads.total}
            href={(n) => `${href}?downloadsPage=${String(n)}#downloads-heading`}
          />
        </section>
      ) : null}

      {banner}
    </Layout>
  );
}
