import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireActor } from '../../../app/access.js';
import { h } from '../../../app/html/jsx.js';
import { Button, FormErrors, Notification } from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { NotFoundError } from '../../../app/errors.js';
import { FormBody } from '../../../app/forms/body.js';
import { bindForm } from '../../../app/forms/bind.js';
import type { FormState } from '../../../app/forms/define-form.js';
import { ButtonForm, sendPage, versionPath } from '../priorities.page-kit.js';
import type { FrameworkView, SectionView } from '../priorities.service.js';
import {
  confirmForm,
  lineForm,
  moveForm,
  newLineForm,
  sectionForm,
  sectionFormValues,
} from '../forms/drafting.form.js';
import {
  SectionPageParams,
  LinePageParams,
  SavedQuery,
  StaleNotice,
  refOf,
  versionTitle,
  StatusNotice,
  sendConfirm,
} from '../views/drafting.views.js';
import { draftingContext } from './drafting.context.js';

type SectionState = FormState<typeof sectionForm.fields>;
type NewLineState = FormState<typeof newLineForm.fields>;
type LineState = FormState<typeof lineForm.fields>;

/** A section page: its title and objective, its lines in order, and a new line. */
interface SectionPageState {
  status?: number;
  section?: SectionState;
  newLine?: NewLineState;
  /** A move of a line that came back: its errors, or a stale version. */
  move?: FormState<typeof moveForm.fields>;
  saved?: boolean;
}

function lineOf(framework: FrameworkView, key: string) {
  for (const section of framework.sections) {
    const line = section.lines.find((l) => l.key === key);
    if (line) return { section, line };
  }
  return null;
}

function findSection(framework: FrameworkView, number: string): SectionView {
  const section = framework.sections.find((s) => s.number === number);
  if (!section) throw new NotFoundError('No such section in these priorities.');
  return section;
}

/** The sections of a draft and their lines: added, changed, moved, removed. */
export async function sectionPages(fastify: FastifyInstance): Promise<void> {
  const { app, priorities, priorityDrafting, access, editable, refusing, submitOnVersion } =
    draftingContext(fastify);

  function sendSectionPage(
    reply: FastifyReply,
    ctx: PageContext,
    framework: FrameworkView,
    section: SectionView,
    state: SectionPageState = {},
  ): FastifyReply {
    const { t } = ctx;
    const path = versionPath(framework);
    const sectionPath = `${path}/sections/${section.number}`;
    const version = String(framework.rowVersion);
    const sectionState =
      state.section ?? sectionForm.opened(sectionFormValues(section), framework.rowVersion);
    const newLineState = state.newLine ?? {
      values: newLineForm.initial(),
      errors: [],
      version: framework.rowVersion,
    };
    const edit = bindForm(sectionForm, ctx, sectionState);
    const add = bindForm(newLineForm, ctx, newLineState);
    // The form that came back stale tells what happened; the others are simply current.
    const stale = state.section ?? state.newLine ?? state.move;
    return sendPage(
      reply,
      ctx,
      t('priorities.edit.sectionTitle', { number: section.number, title: section.title }),
      [
        <p class="ecl-u-type-paragraph">
          <a class="ecl-link ecl-link--standalone" href={`${path}/edit`}>
            {t('priorities.edit.backToEdit', { name: versionTitle(ctx, framework) })}
          </a>
        </p>,
        <StatusNotice ctx={ctx} framework={framework} />,
        state.move ? <FormErrors ctx={ctx} errors={state.move.errors} /> : null,
        <edit.Form action={`${sectionPath}/edit`}>
          <edit.Text name="title" />
          <edit.TextArea name="objective" rows={4} />
          <div class="jh-actions">
            <Button>{t('priorities.edit.saveSection')}</Button>
          </div>
        </edit.Form>,
        <h2 class="ecl-u-type-heading-2">{t('priorities.lines')}</h2>,
        section.lines.length === 0 ? (
          <p class="ecl-u-type-paragraph">{t('priorities.edit.noLines')}</p>
        ) : (
          <ol class="ecl-ordered-list">
            {section.lines.map((line, index) => (
              <li class="ecl-ordered-list__item ecl-u-mb-m" id={`line-${line.key}`}>
                <p class="ecl-u-type-paragraph ecl-u-mb-xs">{line.text}</p>
                <div class="jh-actions">
                  <a class="ecl-link" href={`${path}/lines/${line.key}/edit`}>
                    {t('priorities.edit.editLine', { number: line.number })}
                  </a>
                  {index > 0 ? (
                    <ButtonForm
                      ctx={ctx}
                      action={`${path}/lines/${line.key}/move`}
                      label={t('priorities.edit.moveUp', { number: line.number })}
                      fields={{ version, position: String(line.number - 1) }}
                    />
                  ) : null}
                  {index < section.lines.length - 1 ? (
                    <ButtonForm
                      ctx={ctx}
                      action={`${path}/lines/${line.key}/move`}
                      label={t('priorities.edit.moveDown', { number: line.number })}
                      fields={{ version, position: String(line.number + 1) }}
                    />
                  ) : null}
                  <a class="ecl-link" href={`${path}/lines/${line.key}/remove`}>
                    {t('priorities.edit.removeLine', { number: line.number })}
                  </a>
                </div>
              </li>
            ))}
          </ol>
        ),
        <h2 class="ecl-u-type-heading-2">{t('priorities.edit.addLine')}</h2>,
        <add.Form action={`${sectionPath}/lines`}>
          <add.TextArea name="text" rows={4} />
          <div class="jh-actions">
            <Button>{t('priorities.edit.addLineSubmit')}</Button>
          </div>
        </add.Form>,
      ],
      {
        ...(state.status !== undefined ? { status: state.status } : {}),
        notices:
          state.status === 409 && stale ? (
            <StaleNotice ctx={ctx} state={stale} />
          ) : state.saved ? (
            <Notification variant="success">{t('common.saved')}</Notification>
          ) : null,
      },
    );
  }

  /** The section page again after a change came back, on the version shown. */
  function showSection(
    reply: FastifyReply,
    ctx: PageContext,
    number: string,
    shown: FrameworkView,
    state: SectionPageState,
  ): FastifyReply {
    return sendSectionPage(reply, ctx, shown, findSection(shown, number), state);
  }

  const sectionSaved = (ref: { year: number; version: number }, number: string) =>
    `${versionPath(ref)}/sections/${number}/edit?saved=1`;

  app.get(
    '/priorities/:year/versions/:version/sections/:section/edit',
    { schema: { params: SectionPageParams, querystring: SavedQuery }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const ref = refOf(request.params);
      return refusing(reply, ctx, ref, async () => {
        const framework = await editable(requireActor(request.actor), ref);
        const section = framework.sections.find((s) => s.number === request.params.section);
        if (!section) throw new NotFoundError();
        return sendSectionPage(reply, ctx, framework, section, {
          saved: request.query.saved !== undefined,
        });
      });
    },
  );

  app.post(
    '/priorities/:year/versions/:version/sections/:section/edit',
    { schema: { params: SectionPageParams, body: FormBody }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const ref = refOf(request.params);
      const number = request.params.section;
      const posted = { actor: requireActor(request.actor), body: request.body, ref };
      return submitOnVersion(reply, ctx, sectionForm, posted, (framework) => {
        findSection(framework, number);
        return {
          write: (values, version) =>
            priorityDrafting.updateSection(request.auditContext(), ref, number, version, values),
          show: (state, status, shown) =>
            showSection(reply, ctx, number, shown, { section: state, status }),
          stored: (stored) => sectionFormValues(findSection(stored, number)),
          done: sectionSaved(ref, number),
        };
      });
    },
  );

  app.post(
    '/priorities/:year/versions/:version/sections/:section/lines',
    { schema: { params: SectionPageParams, body: FormBody }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const ref = refOf(request.params);
      const number = request.params.section;
      const posted = { actor: requireActor(request.actor), body: request.body, ref };
      return submitOnVersion(reply, ctx, newLineForm, posted, (framework) => {
        findSection(framework, number);
        return {
          write: (values, version) =>
            priorityDrafting.addLine(request.auditContext(), ref, number, version, values),
          show: (state, status, shown) =>
            showSection(reply, ctx, number, shown, { newLine: state, status }),
          done: sectionSaved(ref, number),
        };
      });
    },
  );

  // One line: its text and section, its place, its removal.

  function sendLinePage(
    reply: FastifyReply,
    ctx: PageContext,
    framework: FrameworkView,
    key: string,
    state: LineState,
    status = 200,
  ): FastifyReply {
    const { t } = ctx;
    const found = lineOf(framework, key);
    if (!found) throw new NotFoundError();
    const path = versionPath(framework);
    const form = bindForm(lineForm, ctx, state, {
      choices: {
        section: framework.sections.map((s) => ({
          value: s.number,
          label: `${s.number} ${s.title}`,
        })),
      },
    });
    return sendPage(
      reply,
      ctx,
      t('priorities.edit.lineTitle', { section: found.section.number, number: found.line.number }),
      [
        <StatusNotice ctx={ctx} framework={framework} />,
        <form.Form action={`${path}/lines/${key}/edit`}>
          <form.TextArea name="text" rows={6} />
          <form.Select name="section" />
          <div class="jh-actions">
            <Button>{t('common.save')}</Button>
            <a
              class="ecl-link ecl-link--standalone"
              href={`${path}/sections/${found.section.number}/edit`}
            >
              {t('common.cancel')}
            </a>
          </div>
        </form.Form>,
      ],
      {
        status,
        notices: status === 409 ? <StaleNotice ctx={ctx} state={state} /> : null,
      },
    );
  }

  function lineValues(framework: FrameworkView, key: string) {
    const found = lineOf(framework, key);
    if (!found) throw new NotFoundError();
    return { text: found.line.text, section: found.section.number };
  }

  app.get(
    '/priorities/:year/versions/:version/lines/:key/edit',
    { schema: { params: LinePageParams }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const ref = refOf(request.params);
      return refusing(reply, ctx, ref, async () => {
        const framework = await editable(requireActor(request.actor), ref);
        const { key } = request.params;
        return sendLinePage(
          reply,
          ctx,
          framework,
          key,
          lineForm.opened(lineValues(framework, key), framework.rowVersion),
        );
      });
    },
  );

  app.post(
    '/priorities/:year/versions/:version/lines/:key/edit',
    { schema: { params: LinePageParams, body: FormBody }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const ref = refOf(request.params);
      const { key } = request.params;
      return submitOnVersion(
        reply,
        ctx,
        lineForm,
        { actor, body: request.body, ref },
        (framework) => {
          lineValues(framework, key);
          return {
            write: async (values, version) => {
              await priorityDrafting.updateLine(request.auditContext(), ref, key, version, values);
              return lineOf(await editable(actor, ref), key)?.section.number ?? values.section;
            },
            show: (state, status, shown) => sendLinePage(reply, ctx, shown, key, state, status),
            stored: (stored) => lineValues(stored, key),
            done: (section) => `${sectionSaved(ref, section)}#line-${key}`,
          };
        },
      );
    },
  );

  app.post(
    '/priorities/:year/versions/:version/lines/:key/move',
    { schema: { params: LinePageParams, body: FormBody }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const ref = refOf(request.params);
      const { key } = request.params;
      const found = lineOf(await priorities.get(actor, ref.year, ref.version), key);
      if (!found) throw new NotFoundError();
      const number = found.section.number;
      return submitOnVersion(reply, ctx, moveForm, { actor, body: request.body, ref }, () => ({
        write: (values, version) => {
          const position = Number(values.position);
          return priorityDrafting.updateLine(request.auditContext(), ref, key, version, {
            position: Number.isInteger(position) ? position : 0,
          });
        },
        show: (state, status, shown) =>
          showSection(reply, ctx, number, shown, { move: state, status }),
        done: sectionSaved(ref, number),
      }));
    },
  );

  function sendRemoveLine(
    reply: FastifyReply,
    ctx: PageContext,
    framework: FrameworkView,
    key: string,
    state: FormState<typeof confirmForm.fields> = confirmForm.opened({}, framework.rowVersion),
    status = 200,
  ): FastifyReply {
    const found = lineOf(framework, key);
    if (!found) throw new NotFoundError();
    const path = versionPath(framework);
    return sendConfirm(
      reply,
      ctx,
      {
        title: ctx.t('priorities.edit.removeTitle'),
        text: ctx.t('priorities.edit.removeQuestion', {
          section: found.section.number,
          number: found.line.number,
        }),
        shown: found.line.text,
      },
      {
        action: `${path}/lines/${key}/remove`,
        cancel: `${path}/sections/${found.section.number}/edit`,
      },
      state,
      status,
    );
  }

  app.get(
    '/priorities/:year/versions/:version/lines/:key/remove',
    { schema: { params: LinePageParams }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const ref = refOf(request.params);
      return refusing(reply, ctx, ref, async () =>
        sendRemoveLine(
          reply,
          ctx,
          await editable(requireActor(request.actor), ref),
          request.params.key,
        ),
      );
    },
  );

  app.post(
    '/priorities/:year/versions/:version/lines/:key/remove',
    { schema: { params: LinePageParams, body: FormBody }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const ref = refOf(request.params);
      const { key } = request.params;
      return submitOnVersion(
        reply,
        ctx,
        confirmForm,
        { actor, body: request.body, ref },
        (framework) => {
          const found = lineOf(framework, key);
          if (!found) throw new NotFoundError();
          return {
            write: (_values, version) =>
              priorityDrafting.removeLine(request.auditContext(), ref, key, version),
            show: (state, status, shown) => sendRemoveLine(reply, ctx, shown, key, state, status),
            done: sectionSaved(ref, found.section.number),
          };
        },
      );
    },
  );
}
