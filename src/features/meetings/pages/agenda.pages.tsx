import { nameOnDateLabel } from '../../network/names-on-date.js';
import { requireActor } from '../../../app/access.js';
import { h } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import { DescriptionList } from '../../../app/html/components.js';
import { sendHtml } from '../../../app/html/send-html.js';
import { NotFoundError } from '../../../app/errors.js';
import { AgendaTable } from '../views/agenda-section.js';
import { agendaForm, agendaInputOf } from '../forms/meeting-page.forms.js';
import { meetingHref, placeText, When } from '../views/parts.js';
import { IdParams, meetingPageKit, page, PageForm, type PagesApp } from './kit.js';

/** The agenda of a meeting: items added and removed, publication, the printable page. */
export async function agendaPages(app: PagesApp): Promise<void> {
  const { meetings } = app.services;
  const { childForm, buttonAction, removalRoutes } = meetingPageKit(app);

  app.get(
    '/meetings/:id/agenda/print',
    { schema: { params: IdParams }, config: page() },
    async (request, reply) => {
      const ctx = request.pageContext();
      const { t } = ctx;
      const meeting = await meetings.get(requireActor(ctx.actor), request.params.id);
      if (!meeting.permissions.manage && !meeting.agendaPublishedAt)
        throw new NotFoundError('No such agenda.');
      return sendHtml(
        reply,
        <Layout ctx={ctx} title={t('meetings.printTitle', { title: meeting.title })}>
          <p class="ecl-u-type-paragraph jh-no-print">{t('meetings.printHint')}</p>
          <DescriptionList
            items={[
              [t('meetings.when'), <When ctx={ctx} meeting={meeting} />],
              [t('meetings.where'), placeText(meeting)],
              [
                t('meetings.host'),
                nameOnDateLabel(t, {
                  acronym: meeting.hostAcronym,
                  acronymOnDate: meeting.hostAcronymOnDate,
                }),
              ],
            ]}
          />
          <AgendaTable
            ctx={ctx}
            meeting={{ ...meeting, permissions: { ...meeting.permissions, manage: false } }}
          />
          <p class="jh-no-print">
            <a class="ecl-link ecl-link--standalone" href={meetingHref(meeting.id)}>
              {t('meetings.backToMeeting')}
            </a>
          </p>
        </Layout>,
      );
    },
  );

  app.post(
    '/meetings/:id/agenda',
    { schema: { params: IdParams, body: PageForm }, config: page() },
    async (request, reply) =>
      childForm(reply, request.pageContext(), request.params.id, {
        name: 'agenda',
        form: agendaForm,
        body: request.body,
        write: (values) =>
          meetings.addAgendaItem(
            requireActor(request.actor),
            request.auditContext(),
            request.params.id,
            agendaInputOf(values),
          ),
      }),
  );

  app.post(
    '/meetings/:id/agenda/publish',
    { schema: { params: IdParams, body: PageForm }, config: page() },
    async (request, reply) =>
      buttonAction(reply, request.pageContext(), request.params.id, 'publish', () =>
        meetings.publishAgenda(
          requireActor(request.actor),
          request.auditContext(),
          request.params.id,
        ),
      ),
  );

  removalRoutes('agenda');
}
