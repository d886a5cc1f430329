import { bindForm } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { Button } from '../../../app/html/components.js';
import { h, type Html } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { sectionTextForm } from '../forms/report.form.js';
import type { ReportDetail, ReportSectionView } from '../reports.model.js';
import { reportHref } from '../reports.views.js';

/** The text of one written section. */
export function SectionPage({
  ctx,
  report,
  section,
  state,
}: {
  ctx: PageContext;
  report: ReportDetail;
  section: ReportSectionView;
  state: FormState<typeof sectionTextForm.fields>;
}): Html {
  const f = bindForm(sectionTextForm, ctx, state);
  return (
    <Layout
      ctx={ctx}
      title={ctx.t('reports.detail.editSection', { title: section.title })}
      breadcrumbs={[
        {
          href: `/reports?year=${String(report.year)}`,
          label: ctx.t('reports.title', { year: report.year }),
        },
        { href: reportHref(report.id), label: report.title },
      ]}
    >
      <f.Form action={`${reportHref(report.id)}/sections/${encodeURIComponent(section.id)}`}>
        <f.TextArea name="text" rows={14} />
        <Button>{ctx.t('common.save')}</Button>
      </f.Form>
    </Layout>
  );
}
