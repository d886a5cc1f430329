import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireActor, type Actor } from '../../../app/access.js';
import { h } from '../../../app/html/jsx.js';
import {
  Button,
  CsrfField,
  DescriptionList,
  FormErrors,
  Notification,
  SelectField,
  TextArea,
  TextField,
} from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import {
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../../app/errors.js';
import { type VersionRef } from '../priorities.drafting.js';
import {
  ButtonForm,
  ConflictNotice,
  sendPage,
  versionOf,
  versionPath,
} from '../priorities.page-kit.js';
import type { FrameworkView, SectionView } from '../priorities.service.js';
import {
  SectionPageParams,
  LinePageParams,
  SectionForm,
  NewLineForm,
  LineForm,
  MoveForm,
  VersionOnlyForm,
  SavedQuery,
  refOf,
  versionTitle,
  StatusNotice,
  sendConfirm,
} from '../views/drafting.views.js';
import { draftingContext } from './drafting.context.js';

/** A section page: its title and objective, its lines in order, and a new line. */
interface SectionPageState {
  status?: number;
  errors?: FieldError[];
  sectionValues?: { title: string; objective: string };
  newLine?: string;
  conflict?: boolean;
  saved?: boolean;
}

/** The sections of a draft and their lines: added, changed, moved, removed. */
export async function sectionPages(fastify: FastifyInstance): Promise<void> {
  const { app, priorities, priorityDrafting, access, editable, refusing } =
    draftingContext(fastify);
  function findSection(framework: FrameworkView, number: string): SectionView {
    const section = framework.sections.find((s) => s.number === number);
    if (!section) throw new NotFoundError('No such section in these priorities.');
    return section;
  }

  function sendSectionPage(
    reply: FastifyReply,
    ctx: PageContext,
    framework: FrameworkView,
    section: SectionView,
    state: SectionPageState = {},
  ): FastifyReply {
    const { t } = ctx;
    const errors = state.errors ?? [];
    const path = versionPath(framework);
    const sectionPath = `${path}/sections/${section.number}`;
    const values = state.sectionValues ?? { title: section.title, objective: section.objective };
    const version = String(framework.rowVersion);
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
        <FormErrors ctx={ctx} errors={errors} />,
        <form method="post" action={`${sectionPath}/edit`} novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={version} />
          <TextField
            name="title"
            label={t('priorities.edit.sectionName')}
            value={values.title}
            errors={errors}
            required
            maxlength={200}
          />
          <TextArea
            name="objective"
            label={t('priorities.objective')}
            value={values.objective}
            errors={errors}
            required
            rows={4}
          />
          <div class="jh-actions">
            <Button>{t('priorities.edit.saveSection')}</Button>
          </div>
        </form>,
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
        <form method="post" action={`${sectionPath}/lines`} novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={version} />
          <TextArea
            name="text"
            label={t('priorities.edit.lineText')}
            hint={t('priorities.edit.addLineHint')}
            value={state.newLine ?? ''}
            errors={errors}
            rows={4}
          />
          <div class="jh-actions">
            <Button>{t('priorities.edit.addLineSubmit')}</Button>
          </div>
        </form>,
      ],
      {
        ...(state.status !== undefined ? { status: state.status } : {}),
        notices: state.conflict ? (
          <ConflictNotice ctx={ctx}>
            <DescriptionList
              items={[
                [t('priorities.edit.sectionName'), section.title],
                [t('priorities.objective'), section.objective],
                [t('priorities.lines'), String(section.lines.length)],
              ]}
            />
          </ConflictNotice>
        ) : state.saved ? (
          <Notification variant="success">{t('common.saved')}</Notification>
        ) : null,
      },
    );
  }

  /** Runs a change of a section's page; a bad field or a stale version comes back on it. */
  async function onSectionPage(
    reply: FastifyReply,
    ctx: PageContext,
    actor: Actor,
    ref: VersionRef,
    sectionNumber: string,
    state: SectionPageState,
    change: () => Promise<unknown>,
  ): Promise<FastifyReply> {
    return refusing(reply, ctx, ref, async () => {
      const framework = await editable(actor, ref);
      const section = findSection(framework, sectionNumber);
      try {
        await change();
      } catch (error) {
        if (error instanceof ValidationError) {
          return sendSectionPage(reply, ctx, framework, section, {
            ...state,
            status: 400,
            errors: error.fieldErrors,
          });
        }
        if (error instanceof StaleVersionError) {
          const stored = await editable(actor, ref);
          return sendSectionPage(reply, ctx, stored, findSection(stored, sectionNumber), {
            ...state,
            status: 409,
            conflict: true,
          });
        }
        throw error;
      }
      return reply.redirect(`${versionPath(ref)}/sections/${sectionNumber}/edit?saved=1`, 303);
    });
  }

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
    { schema: { params: SectionPageParams, body: SectionForm }, config: access },
    async (request, reply) => {
      const ref = refOf(request.params);
      const body = request.body;
      const sectionValues = { title: body.title ?? '', objective: body.objective ?? '' };
      return onSectionPage(
        reply,
        request.pageContext(),
        requireActor(request.actor),
        ref,
        request.params.section,
        { sectionValues },
        () =>
          priorityDrafting.updateSection(
            request.auditContext(),
            ref,
            request.params.section,
            versionOf(body.version),
            sectionValues,
          ),
      );
    },
  );

  app.post(
    '/priorities/:year/versions/:version/sections/:section/lines',
    { schema: { params: SectionPageParams, body: NewLineForm }, config: access },
    async (request, reply) => {
      const ref = refOf(request.params);
      const text = request.body.text ?? '';
      return onSectionPage(
        reply,
        request.pageContext(),
        requireActor(request.actor),
        ref,
        request.params.section,
        { newLine: text },
        () =>
          priorityDrafting.addLine(
            request.auditContext(),
            ref,
            request.params.section,
            versionOf(request.body.version),
            { text },
          ),
      );
    },
  );

  // One line: its text and section, its place, its removal.

  function lineOf(framework: FrameworkView, key: string) {
    for (const section of framework.sections) {
      const line = section.lines.find((l) => l.key === key);
      if (line) return { section, line };
    }
    return null;
  }

  function sendLinePage(
    reply: FastifyReply,
    ctx: PageContext,
    framework: FrameworkView,
    key: string,
    values: { version: string; text: string; section: string },
    errors: FieldError[],
    options: { status?: number; conflict?: boolean } = {},
  ): FastifyReply {
    const { t } = ctx;
    const found = lineOf(framework, key);
    if (!found) throw new NotFoundError();
    const path = versionPath(framework);
    return sendPage(
      reply,
      ctx,
      t('priorities.edit.lineTitle', { section: found.section.number, number: found.line.number }),
      [
        <StatusNotice ctx={ctx} framework={framework} />,
        <FormErrors ctx={ctx} errors={errors} />,
        <form method="post" action={`${path}/lines/${key}/edit`} novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={values.version} />
          <TextArea
            name="text"
            label={t('priorities.edit.lineText')}
            value={values.text}
            errors={errors}
            required
            rows={6}
          />
          <SelectField
            name="section"
            label={t('priorities.edit.lineSection')}
            hint={t('priorities.edit.lineSectionHint')}
            value={values.section}
            errors={errors}
            options={framework.sections.map((s) => ({
              value: s.number,
              label: `${s.number} ${s.title}`,
            }))}
          />
          <div class="jh-actions">
            <Button>{t('common.save')}</Button>
            <a
              class="ecl-link ecl-link--standalone"
              href={`${path}/sections/${found.section.number}/edit`}
            >
              {t('common.cancel')}
            </a>
          </div>
        </form>,
      ],
      {
        ...(options.status !== undefined ? { status: options.status } : {}),
        notices: options.conflict ? (
          <ConflictNotice ctx={ctx}>
            <DescriptionList
              items={[
                [t('priorities.edit.lineText'), found.line.text],
                [t('priorities.edit.lineSection'), found.section.number],
              ]}
            />
          </ConflictNotice>
        ) : null,
      },
    );
  }

  app.get(
    '/priorities/:year/versions/:version/lines/:key/edit',
    { schema: { params: LinePageParams }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const ref = refOf(request.params);
      return refusing(reply, ctx, ref, async () => {
        const framework = await editable(requireActor(request.actor), ref);
        const found = lineOf(framework, request.params.key);
        if (!found) throw new NotFoundError();
        return sendLinePage(
          reply,
          ctx,
          framework,
          request.params.key,
          {
            version: String(framework.rowVersion),
            text: found.line.text,
            section: found.section.number,
          },
          [],
        );
      });
    },
  );

  app.post(
    '/priorities/:year/versions/:version/lines/:key/edit',
    { schema: { params: LinePageParams, body: LineForm }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const ref = refOf(request.params);
      const { key } = request.params;
      const values = {
        version: request.body.version ?? '',
        text: request.body.text ?? '',
        section: request.body.section ?? '',
      };
      return refusing(reply, ctx, ref, async () => {
        const framework = await editable(actor, ref);
        try {
          await priorityDrafting.updateLine(
            request.auditContext(),
            ref,
            key,
            versionOf(values.version),
            {
              text: values.text,
              section: values.section,
            },
          );
        } catch (error) {
          if (error instanceof ValidationError) {
            return sendLinePage(reply, ctx, framework, key, values, error.fieldErrors, {
              status: 400,
            });
          }
          if (error instanceof StaleVersionError) {
            const stored = await editable(actor, ref);
            return sendLinePage(
              reply,
              ctx,
              stored,
              key,
              { ...values, version: String(stored.rowVersion) },
              [],
              { status: 409, conflict: true },
            );
          }
          throw error;
        }
        const section = lineOf(await editable(actor, ref), key)?.section.number ?? values.section;
        return reply.redirect(
          `${versionPath(ref)}/sections/${section}/edit?saved=1#line-${key}`,
          303,
        );
      });
    },
  );

  app.post(
    '/priorities/:year/versions/:version/lines/:key/move',
    { schema: { params: LinePageParams, body: MoveForm }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const ref = refOf(request.params);
      const { key } = request.params;
      const framework = await priorities.get(actor, ref.year, ref.version);
      const found = lineOf(framework, key);
      if (!found) throw new NotFoundError();
      const position = Number(request.body.position ?? '');
      return onSectionPage(reply, ctx, actor, ref, found.section.number, {}, () =>
        priorityDrafting.updateLine(
          request.auditContext(),
          ref,
          key,
          versionOf(request.body.version),
          {
            position: Number.isInteger(position) ? position : 0,
          },
        ),
      );
    },
  );

  async function sendRemoveLine(
    reply: FastifyReply,
    ctx: PageContext,
    framework: FrameworkView,
    key: string,
    options: { status?: number; conflict?: boolean } = {},
  ): Promise<FastifyReply> {
    const found = lineOf(framework, key);
    if (!found) throw new NotFoundError();
    const path = versionPath(framework);
    return sendConfirm(
      reply,
      ctx,
      ctx.t('priorities.edit.removeTitle'),
      ctx.t('priorities.edit.removeQuestion', {
        section: found.section.number,
        number: found.line.number,
      }),
      found.line.text,
      `${path}/lines/${key}/remove`,
      `${path}/sections/${found.section.number}/edit`,
      String(framework.rowVersion),
      options,
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
    { schema: { params: LinePageParams, body: VersionOnlyForm }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const ref = refOf(request.params);
      const { key } = request.params;
      return refusing(reply, ctx, ref, async () => {
        const framework = await editable(actor, ref);
        const found = lineOf(framework, key);
        if (!found) throw new NotFoundError();
        try {
          await priorityDrafting.removeLine(
            request.auditContext(),
            ref,
            key,
            versionOf(request.body.version),
          );
        } catch (error) {
          if (error instanceof StaleVersionError) {
            return sendRemoveLine(reply, ctx, await editable(actor, ref), key, {
              status: 409,
              conflict: true,
            });
          }
          throw error;
        }
        return reply.redirect(
          `${versionPath(ref)}/sections/${found.section.number}/edit?saved=1`,
          303,
        );
      });
    },
  );

  // Deleting a draft.
}
