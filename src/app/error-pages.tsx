import { h, type Html } from './html/jsx.js';
import { Layout } from './html/layout.js';
import type { PageContext } from './html/page-context.js';
import type { Problem } from './plugins/problems.js';

/** The page a browser sees for an error: friendly, and never the internals of a 500. */
export function ErrorPage({ ctx, problem }: { ctx: PageContext; problem: Problem }): Html {
  const { t } = ctx;
  if (problem.status === 404) {
    return (
      <Layout ctx={ctx} title={t('error.notFound.title')}>
        <p class="ecl-u-type-paragraph">{t('error.notFound.body')}</p>
        <p>
          <a class="ecl-link ecl-link--standalone" href="/">
            {t('error.backHome')}
          </a>
        </p>
      </Layout>
    );
  }
  if (problem.status >= 500) {
    return (
      <Layout ctx={ctx} title={t('error.server.title')}>
        <p class="ecl-u-type-paragraph">
          {t('error.server.body', { requestId: problem.requestId })}
        </p>
        <p>
          <a class="ecl-link ecl-link--standalone" href="/">
            {t('error.backHome')}
          </a>
        </p>
      </Layout>
    );
  }
  const title =
    problem.status === 429
      ? t('error.tooMany.title')
      : problem.status === 409 || problem.status === 412
        ? t('error.conflict.title')
        : t('error.badRequest.title');
  return (
    <Layout ctx={ctx} title={title}>
      <p class="ecl-u-type-paragraph">{problem.detail}</p>
      <p>
        <a class="ecl-link ecl-link--standalone" href="/">
          {t('error.backHome')}
        </a>
      </p>
    </Layout>
  );
}
