import { IllustrativeTag } from '../../../app/html/illustrative-tag.js';
import { nameOnDateLabel } from '../../network/names-on-date.js';
import { h, type Child, type Html } from '../../../app/html/jsx.js';
import { Layout } from '../../../app/html/layout.js';
import {
  Button,
  DescriptionList,
  LinkButton,
  Notification,
  Table,
} from '../../../app/html/components.js';
import { ChoiceSummary, tickedNames } from '../../../app/html/choice-summary.js';
import { bindForm } from '../../../app/forms/bind.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { formatDateTime } from '../../../app/i18n/format.js';
import type { OrganisationView } from '../../network/network.service.js';
import type { MeetingDetail } from '../meetings.service.js';
import { AgendaSection } from './agenda-section.js';
import {
  attendeeForm,
  inviteForm,
  responseForm,
  speakerForm,
  stateOf,
  type ShownForm,
} from '../forms/meeting-page.forms.js';
import { OutcomesSection } from './outcomes-section.js';
import { kindLabel, meetingHref, placeText, PostButton, StatusTag, When } from './parts.js';

export interface MeetingPageExtras {
  organisations: OrganisationView[];
  candidates: { id: string; name: string; acronym: string }[];
  lines: { key: string; label: string }[];
}

export function MeetingPage({
  ctx,
  meeting,
  shown,
  notices,
  extras,
  illustrative,
}: {
  ctx: PageContext;
  meeting: MeetingDetail;
  shown: ShownForm | null;
  notices: Child;
  extras: MeetingPageExtras;
  /** The demonstration added the meeting: stated in no paper. */
  illustrative: boolean;
}): Html {
  const { t, locale } = ctx;
  const base = meetingHref(meeting.id);
  const manage = meeting.permissions.manage;
  const invitedIds = new Set([meeting.hostOrganisationId, ...meeting.invitations.map((o) => o.id)]);
  const owners = extras.organisations.filter((o) => invitedIds.has(o.id));
  const scheduled = meeting.status === 'scheduled';
  const answered = meeting.myResponse === 'needs-action' ? null : meeting.myResponse;
  const answer = bindForm(
    responseForm,
    ctx,
    stateOf(shown, responseForm, () => ({
      values: { response: answered ?? 'accepted' },
      errors: [],
    })),
  );
  const invitable = extras.organisations
    .filter((o) => !invitedIds.has(o.id))
    .map((o) => ({ value: o.id, label: `${o.acronym}: ${o.name}`, short: o.acronym }));
  const inviteState = stateOf(shown, inviteForm, () => ({
    values: inviteForm.initial(),
    errors: [],
  }));
  const invite = bindForm(inviteForm, ctx, inviteState, {
    choices: { organisationIds: invitable },
  });
  const attendee = bindForm(
    attendeeForm,
    ctx,
    stateOf(shown, attendeeForm, () => ({ values: attendeeForm.initial(), errors: [] })),
    {
      choices: {
        userId: extras.candidates.map((u) => ({ value: u.id, label: `${u.name} (${u.acronym})` })),
      },
    },
  );
  const speaker = bindForm(
    speakerForm,
    ctx,
    stateOf(shown, speakerForm, () => ({ values: speakerForm.initial(), errors: [] })),
  );
  return (
    <Layout ctx={ctx} title={meeting.title} notices={notices}>
      {illustrative ? <IllustrativeTag ctx={ctx} /> : null}
      {meeting.status === 'cancelled' ? (
        <Notification variant="warning">{t('meetings.cancelledNotice')}</Notification>
      ) : null}
      <DescriptionList
        items={[
          [t('meetings.kind'), kindLabel(ctx, meeting.kind)],
          [t('meetings.when'), <When ctx={ctx} meeting={meeting} />],
          [t('meetings.where'), placeText(meeting)],
          [
            t('meetings.host'),
            nameOnDateLabel(t, {
              acronym: meeting.hostAcronym,
              acronymOnDate: meeting.hostAcronymOnDate,
            }),
          ],
          [t('meetings.capacity'), meeting.capacity ?? t('meetings.noCapacity')],
          [t('meetings.status'), <StatusTag ctx={ctx} meeting={meeting} />],
        ]}
      />
      <p class="ecl-u-type-paragraph">
        {t('meetings.timeZoneNote', { timeZone: meeting.timeZone })}
      </p>
      {meeting.description ? <p class="ecl-u-type-paragraph">{meeting.description}</p> : null}
      <div class="jh-actions">
        <a
          class="ecl-link ecl-link--standalone"
          href={`${base}/calendar.ics`}
          download="meeting.ics"
        >
          {t('meetings.addToCalendar')}
        </a>
        <a class="ecl-link ecl-link--standalone" href="/meetings/subscribe">
          {t('meetings.subscribe')}
        </a>
        <a
          class="ecl-link ecl-link--standalone"
          href={`/documents?linkedType=meeting&linkedId=${meeting.id}`}
        >
          {t('documents.linkedFrom')}
        </a>
        {manage || meeting.agendaPublishedAt ? (
          <a class="ecl-link ecl-link--standalone" href={`${base}/agenda/print`}>
            {t('meetings.printAgenda')}
          </a>
        ) : null}
        {manage && scheduled ? (
          <LinkButton href={`${base}/edit`}>{t('common.edit')}</LinkButton>
        ) : null}
        {manage && scheduled ? (
          <a class="ecl-link ecl-link--standalone" href={`${base}/cancel`}>
            {t('meetings.cancel')}
          </a>
        ) : null}
      </div>

      {meeting.permissions.answer ? (
        <section class="ecl-u-mb-xl" aria-labelledby="answer-heading">
          <h2 class="ecl-u-type-heading-2" id="answer-heading">
            {t('meetings.answer')}
          </h2>
          <p class="ecl-u-type-paragraph">
            {meeting.myResponse
              ? t('meetings.yourAnswer', { response: t(`meetings.response.${meeting.myResponse}`) })
              : t('meetings.notAnswered')}
          </p>
          <answer.Form action={`${base}/response`}>
            <answer.Select name="response" />
            <Button>{t('meetings.answerSubmit')}</Button>
          </answer.Form>
        </section>
      ) : null}

      <section class="ecl-u-mb-xl" aria-labelledby="invitations-heading">
        <h2 class="ecl-u-type-heading-2" id="invitations-heading">
          {t('meetings.invitations')}
        </h2>
        <ul class="ecl-unordered-list">
          {meeting.invitations.map((o) => (
            <li class="ecl-unordered-list__item">
              {`${nameOnDateLabel(t, o)}: ${o.name} `}
              {manage && scheduled ? (
                <PostButton
                  ctx={ctx}
                  action={`${base}/invitations/${o.id}/remove`}
                  label={t('meetings.uninvite', { acronym: o.acronym })}
                  variant="ghost"
                />
              ) : null}
            </li>
          ))}
        </ul>
        {manage && scheduled ? (
          <div>
            <invite.Form action={`${base}/invitations`}>
              <invite.Picker name="organisationIds" />
              <ChoiceSummary
                ctx={ctx}
                field="organisationIds"
                names={tickedNames(invitable, inviteState.values.organisationIds)}
                sentences={{
                  none: t('meetings.summary.noneMore'),
                  one: t('meetings.summary.oneMore'),
                  other: t('meetings.summary.otherMore'),
                }}
              />
              <Button variant="secondary">{t('meetings.inviteSubmit')}</Button>
            </invite.Form>
            <p class="ecl-u-type-paragraph ecl-u-mt-l">
              {meeting.invitationsSentAt
                ? t('meetings.invitationsSent', {
                    date: formatDateTime(locale, meeting.invitationsSentAt),
                  })
                : t('meetings.sendInvitationsHint')}
            </p>
            <PostButton
              ctx={ctx}
              action={`${base}/invitations/send`}
              label={t('meetings.sendInvitations')}
              variant="primary"
            />
          </div>
        ) : null}
      </section>

      <section class="ecl-u-mb-xl" aria-labelledby="participants-heading">
        <h2 class="ecl-u-type-heading-2" id="participants-heading">
          {t('meetings.participants')}
        </h2>
        <Table
          ctx={ctx}
          caption={t('meetings.participantsCaption')}
          rows={meeting.participants}
          columns={[
            { header: t('meetings.participant.name'), cell: (p) => p.name },
            {
              header: t('meetings.participant.kind'),
              cell: (p) => t(`meetings.participant.kind.${p.kind}`),
            },
            { header: t('meetings.participant.affiliation'), cell: (p) => p.affiliation },
            { header: t('meetings.participant.topic'), cell: (p) => p.topic },
            {
              header: t('meetings.participant.answer'),
              cell: (p) => t(`meetings.response.${p.response}`),
            },
            ...(manage
              ? [
                  {
                    header: t('meetings.participant.email'),
                    cell: (p: MeetingDetail['participants'][number]) => p.email ?? '',
                  },
                  {
                    header: t('common.actions'),
                    cell: (p: MeetingDetail['participants'][number]) => (
                      <a class="ecl-link" href={`${base}/participants/${p.id}/remove`}>
                        {t('meetings.remove')}
                        <span class="ecl-u-sr-only">{` ${p.name}`}</span>
                      </a>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {manage && scheduled ? (
          <div class="jh-two-columns">
            <section aria-labelledby="attendee-heading">
              <h3 class="ecl-u-type-heading-3" id="attendee-heading">
                {t('meetings.addAttendee')}
              </h3>
              <attendee.Form action={`${base}/participants`}>
                <input type="hidden" name="kind" value="attendee" />
                <attendee.Select name="userId" placeholder="meetings.participant.chooseUser" />
                <Button variant="secondary">{t('meetings.addAttendee')}</Button>
              </attendee.Form>
            </section>
            <section aria-labelledby="speaker-heading">
              <h3 class="ecl-u-type-heading-3" id="speaker-heading">
                {t('meetings.addSpeaker')}
              </h3>
              <speaker.Form action={`${base}/participants`}>
                <input type="hidden" name="kind" value="speaker" />
                <speaker.Text name="name" />
                <speaker.Text name="affiliation" />
                <speaker.Text name="topic" />
                <speaker.Text name="email" type="email" />
                <Button variant="secondary">{t('meetings.addSpeaker')}</Button>
              </speaker.Form>
            </section>
          </div>
        ) : null}
      </section>

      <AgendaSection ctx={ctx} meeting={meeting} shown={shown} lines={extras.lines} />
      <OutcomesSection ctx={ctx} meeting={meeting} shown={shown} owners={owners} />
      <p>
        <a class="ecl-link ecl-link--standalone" href="/meetings">
          {t('meetings.backToList')}
        </a>
      </p>
    </Layout>
  );
}
