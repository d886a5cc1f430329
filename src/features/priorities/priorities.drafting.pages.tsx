import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { requireActor, type Actor } from '../../app/access.js';
import { h, type Html } from '../../app/html/jsx.js';
import {
  Button,
  CsrfField,
  DescriptionList,
  FormErrors,
  Notification,
  SelectField,
  TextArea,
  TextField,
  DateField,
} from '../../app/html/components.js';
import type { PageContext } from '../../app/html/page-context.js';
import {
  ConflictError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../app/errors.js';
import { formatDate } from '../../app/i18n/format.js';
import { parseVersionRef } from './priorities.compare.js';
import { frozenMessage, type PrincipleInput, type VersionRef } from './priorities.drafting.js';
import { networkToday } from './priorities.dates.js';
import {
  ButtonForm,
  ConflictNotice,
  formText,
  sendPage,
  sendRefusal,
  statusLabel,
  versionOf,
  versionPath,
} from './priorities.page-kit.js';
import { prioritiesPolicy } from './priorities.policy.js';
import { VersionParams } from './priorities.schema.js';
import type { FrameworkView, SectionView } from './priorities.service.js';

const SectionPageParams = Type.Object({
  year: Type.Integer({ minimum: 2006, maximum: 2100 }),
  version: Type.Integer({ minimum: 1, maximum: 10_000 }),
  section: Type.String({ pattern: '^\\d{1,2}\\.\\d{1,2}$' }),
});
const LinePageParams = Type.Object({
  year: Type.Integer({ minimum: 2006, maximum: 2100 }),
  version: Type.Integer({ minimum: 1, maximum: 10_000 }),
  key: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
});

const NewDraftForm = Type.Object(
  { year: formText(10), from: formText(20) },
  { additionalProperties: false },
);
const NewDraftQuery = Type.Object({ from: Type.Optional(Type.String({ maxLength: 20 })) });
// Principles are numbered fields (principleTitle0, principleText0, principleKey0...) so that every
// field has its own id and label.
const FrameworkForm = Type.Record(
  Type.String({ pattern: '^(version|title|introduction|principle(Key|Title|Text)\\d{1,2})$' }),
  Type.String({ maxLength: 20_000 }),
);
const SectionForm = Type.Object(
  { version: formText(12), title: formText(), objective: formText() },
  { additionalProperties: false },
);
const NewLineForm = Type.Object(
  { version: formText(12), text: formText() },
  { additionalProperties: false },
);
const LineForm = Type.Object(
  { version: formText(12), text: formText(), section: formText(8) },
  { additionalProperties: false },
);
const MoveForm = Type.Object(
  { version: formText(12), position: formText(6) },
  { additionalProperties: false },
);
const VersionOnlyForm = Type.Object({ version: formText(12) }, { additionalProperties: false });
const ConsultationForm = Type.Object(
  { version: formText(12), deadline: formText(20) },
  { additionalProperties: false },
);
const AgreementForm = Type.Object(
  { version: formText(12), agreedOn: formText(20), agreedAt: formText(1000) },
  { additionalProperties: false },
);
const SavedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })) });

/** Paragraphs in a text area are separated by empty lines. */
function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/\s*\r?\n\s*/g, ' ').trim())
    .filter((p) => p !== '');
}

function refOf(params: { year: number; version: number }): VersionRef {
  return { year: params.year, version: params.version };
}

function versionTitle(ctx: PageContext, framework: FrameworkView): string {
  return ctx.t('priorities.edit.versionName', {
    version: framework.version,
    year: framework.year,
  });
}

/** Links to the steps open to the secretariat on a version, by its status. */
export function WorkflowActions({
  ctx,
  framework,
}: {
  ctx: PageContext;
  framework: FrameworkView;
}): Html | null {
  const { t } = ctx;
  const path = versionPath(framework);
  const links: [string, string][] = [];
  if (prioritiesPolicy.draft.allows(ctx.actor)) {
    if (framework.status !== 'agreed') links.push([`${path}/edit`, t('priorities.edit.action')]);
    if (framework.status === 'draft') {
      links.push([`${path}/consultation/open`, t('priorities.consult.openAction')]);
    }
    if (framework.status === 'consultation') {
      links.push([`${path}/consultation/open`, t('priorities.consult.deadlineAction')]);
    }
    if (framework.status !== 'agreed') {
      links.push([`${path}/agreement`, t('priorities.agree.action')]);
    }
    if (framework.status === 'draft') links.push([`${path}/delete`, t('priorities.delete.action')]);
    links.push([
      `/priorities/new?from=${framework.year}/${framework.version}`,
      t('priorities.draft.fromThis'),
    ]);
  }
  if (framework.consultationDeadline && prioritiesPolicy.consultation.allows(ctx.actor)) {
    links.push([`${path}/consultation`, t('priorities.consult.action')]);
  }
  if (framework.basedOn) {
    links.push([
      `/priorities/compare?from=${framework.basedOn}&to=${framework.year}/${framework.version}`,
      t('priorities.compare.withBase', { base: framework.basedOn }),
    ]);
  }
  if (links.length === 0) return null;
  return (
    <nav aria-label={t('priorities.actions')} class="ecl-u-mb-l">
      <ul class="ecl-unordered-list">
        {links.map(([href, label]) => (
          <li class="ecl-unordered-list__item">
            <a class="ecl-link" href={href}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function StatusNotice({ ctx, framework }: { ctx: PageContext; framework: FrameworkView }) {
  if (framework.status !== 'consultation' || !framework.consultationDeadline) return null;
  return (
    <Notification variant="info">
      {ctx.t('priorities.edit.underConsultation', {
        date: formatDate(ctx.locale, framework.consultationDeadline),
      })}
    </Notification>
  );
}

interface FrameworkValues {
  version: string;
  title: string;
  introduction: string;
  principles: PrincipleInput[];
}

function frameworkValues(framework: FrameworkView): FrameworkValues {
  return {
    version: String(framework.rowVersion),
    title: framework.title,
    introduction: framework.introduction.join('\n\n'),
    principles: framework.principles.map(({ key, title, text }) => ({ key, title, text })),
  };
}

function submittedFramework(body: Record<string, string>): FrameworkValues {
  const principles: PrincipleInput[] = [];
  for (let index = 0; index < 100; index += 1) {
    const title = body[`principleTitle${index}`];
    const text = body[`principleText${index}`];
    if (title === undefined && text === undefined) continue;
    principles.push({ key: body[`principleKey${index}`], title: title ?? '', text: text ?? '' });
  }
  return {
    version: body.version ?? '',
    title: body.title ?? '',
    introduction: body.introduction ?? '',
    principles,
  };
}

/** The service names fields principles.0.title; the form's ids are principleTitle0. */
function formFieldErrors(errors: FieldError[]): FieldError[] {
  return errors.map((e) => {
    const match = /^principles\.(\d+)\.(title|text)$/.exec(e.field);
    if (!match) return e;
    return {
      ...e,
      field: `principle${match[2] === 'title' ? 'Title' : 'Text'}${match[1] ?? ''}`,
    };
  });
}

export async function prioritiesDraftingPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { priorities, priorityDrafting } = app.services;
  const access = { access: prioritiesPolicy.draft, page: true };

  /** A version the secretariat may still change; an agreed one is refused with a clear page. */
  async function editable(actor: Actor, ref: VersionRef): Promise<FrameworkView> {
    const framework = await priorities.get(actor, ref.year, ref.version);
    if (framework.status === 'agreed') {
      throw new ConflictError(
        frozenMessage({ ...framework, agreed_on: framework.agreedOn }),
        'priorities_agreed',
      );
    }
    return framework;
  }

  /** Runs a page handler, turning a refused change of state into its own page. */
  function refusing(
    reply: FastifyReply,
    ctx: PageContext,
    ref: VersionRef,
    run: () => Promise<FastifyReply>,
  ): Promise<FastifyReply> {
    return run().catch((error: unknown) => {
      if (error instanceof ConflictError) {
        return sendRefusal(reply, ctx, error, {
          href: versionPath(ref),
          label: ctx.t('priorities.edit.backToVersion'),
        });
      }
      throw error;
    });
  }

  // Starting a draft.

  async function sendNewDraft(
    reply: FastifyReply,
    ctx: PageContext,
    actor: Actor,
    values: { year: string; from: string },
    errors: FieldError[],
    status = 200,
  ): Promise<FastifyReply> {
    const { t } = ctx;
    const versions = await priorities.list(actor);
    return sendPage(
      reply,
      ctx,
      t('priorities.draft.title'),
      [
        <p class="ecl-u-type-paragraph">{t('priorities.draft.intro')}</p>,
        <FormErrors ctx={ctx} errors={errors} />,
        <form method="post" action="/priorities/new" novalidate>
          <CsrfField ctx={ctx} />
          <TextField
            name="year"
            type="number"
            label={t('priorities.draft.year')}
            hint={t('priorities.draft.yearHint')}
            value={values.year}
            errors={errors}
            required
          />
          <SelectField
            name="from"
            label={t('priorities.draft.from')}
            value={values.from}
            errors={errors}
            required
            options={versions.map((v) => ({
              value: `${v.year}/${v.version}`,
              label: t('priorities.versionLabel', {
                year: v.year,
                version: v.version,
                status: statusLabel(ctx, v.status),
              }),
            }))}
          />
          <div class="jh-actions">
            <Button>{t('priorities.draft.submit')}</Button>
            <a class="ecl-link ecl-link--standalone" href="/priorities">
              {t('common.cancel')}
            </a>
          </div>
        </form>,
      ],
      { status },
    );
  }

  app.get(
    '/priorities/new',
    { schema: { querystring: NewDraftQuery }, config: access },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const versions = await priorities.list(actor);
      const latestAgreed = versions.find((v) => v.status === 'agreed');
      const from =
        request.query.from ?? (latestAgreed ? `${latestAgreed.year}/${latestAgreed.version}` : '');
      const year = latestAgreed ? String(latestAgreed.year + 1) : networkToday().slice(0, 4);
      return sendNewDraft(reply, request.pageContext(), actor, { year, from }, []);
    },
  );

  app.post(
    '/priorities/new',
    { schema: { body: NewDraftForm }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const values = { year: (request.body.year ?? '').trim(), from: request.body.from ?? '' };
      const errors: FieldError[] = [];
      if (!/^\d{4}$/.test(values.year)) {
        errors.push({ field: 'year', message: ctx.t('priorities.draft.yearInvalid') });
      }
      const from = parseVersionRef(values.from);
      if (!from) errors.push({ field: 'from', message: ctx.t('priorities.draft.fromInvalid') });
      if (errors.length > 0 || !from) return sendNewDraft(reply, ctx, actor, values, errors, 400);
      try {
        const ref = await priorityDrafting.startDraft(request.auditContext(), {
          year: Number(values.year),
          from,
        });
        return await reply.redirect(`${versionPath(ref)}/edit?saved=1`, 303);
      } catch (error) {
        if (error instanceof ValidationError) {
          return sendNewDraft(reply, ctx, actor, values, error.fieldErrors, 400);
        }
        if (error instanceof ConflictError) {
          return sendNewDraft(
            reply,
            ctx,
            actor,
            values,
            [{ field: 'year', message: error.message }],
            409,
          );
        }
        throw error;
      }
    },
  );

  // The title, introduction and principles of a version, and the list of its sections.

  function sendEditPage(
    reply: FastifyReply,
    ctx: PageContext,
    framework: FrameworkView,
    values: FrameworkValues,
    errors: FieldError[],
    options: { status?: number; conflict?: FrameworkView; saved?: boolean } = {},
  ): FastifyReply {
    const { t } = ctx;
    const path = versionPath(framework);
    const principleRows = [...values.principles, { key: '', title: '', text: '' }];
    return sendPage(
      reply,
      ctx,
      t('priorities.edit.title', { name: versionTitle(ctx, framework) }),
      [
        <p class="ecl-u-type-paragraph">
          {`${t('priorities.status')}: ${statusLabel(ctx, framework.status)}.`}
        </p>,
        <p class="ecl-u-type-paragraph">
          <a class="ecl-link ecl-link--standalone" href={path}>
            {t('priorities.edit.view')}
          </a>
        </p>,
        <StatusNotice ctx={ctx} framework={framework} />,
        <WorkflowActions ctx={ctx} framework={framework} />,
        <FormErrors ctx={ctx} errors={errors} />,
        <form method="post" action={`${path}/edit`} novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={values.version} />
          <TextField
            name="title"
            label={t('priorities.edit.documentTitle')}
            value={values.title}
            errors={errors}
            required
            maxlength={300}
          />
          <TextArea
            name="introduction"
            label={t('priorities.edit.introduction')}
            hint={t('priorities.edit.introductionHint')}
            value={values.introduction}
            errors={errors}
            rows={12}
          />
          <h2 class="ecl-u-type-heading-2">{t('priorities.principles')}</h2>
          <p class="ecl-u-type-paragraph">{t('priorities.edit.principlesHint')}</p>
          {principleRows.map((p, index) => (
            <fieldset class="ecl-u-mb-l">
              <legend class="ecl-u-type-heading-4">
                {p.key === '' && p.title === ''
                  ? t('priorities.edit.newPrinciple')
                  : t('priorities.edit.principle', { number: index + 1 })}
              </legend>
              {p.key ? <input type="hidden" name={`principleKey${index}`} value={p.key} /> : null}
              <TextField
                name={`principleTitle${index}`}
                label={t('priorities.edit.principleTitle')}
                value={p.title}
                errors={errors}
                maxlength={200}
              />
              <TextArea
                name={`principleText${index}`}
                label={t('priorities.edit.principleText')}
                value={p.text}
                errors={errors}
                rows={3}
              />
            </fieldset>
          ))}
          <div class="jh-actions">
            <Button>{t('common.save')}</Button>
          </div>
        </form>,
        <h2 class="ecl-u-type-heading-2">{t('priorities.edit.sections')}</h2>,
        <ul class="ecl-unordered-list">
          {framework.sections.map((s) => (
            <li class="ecl-unordered-list__item">
              <a class="ecl-link" href={`${path}/sections/${s.number}/edit`}>
                {`${t('priorities.edit.editSection', { number: s.number, title: s.title })} (${t('priorities.edit.lineCount', { count: s.lines.length })})`}
              </a>
            </li>
          ))}
        </ul>,
      ],
      {
        ...(options.status !== undefined ? { status: options.status } : {}),
        notices: options.conflict ? (
          <ConflictNotice ctx={ctx}>
            <DescriptionList
              items={[
                [t('priorities.edit.documentTitle'), options.conflict.title],
                [t('priorities.edit.introduction'), options.conflict.introduction.join(' / ')],
                [
                  t('priorities.principles'),
                  options.conflict.principles.map((p) => p.title).join(', ') || t('common.none'),
                ],
              ]}
            />
          </ConflictNotice>
        ) : options.saved ? (
          <Notification variant="success">{t('common.saved')}</Notification>
        ) : null,
      },
    );
  }

  app.get(
    '/priorities/:year/versions/:version/edit',
    { schema: { params: VersionParams, querystring: SavedQuery }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const ref = refOf(request.params);
      return refusing(reply, ctx, ref, async () => {
        const framework = await editable(requireActor(request.actor), ref);
        return sendEditPage(reply, ctx, framework, frameworkValues(framework), [], {
          saved: request.query.saved !== undefined,
        });
      });
    },
  );

  app.post(
    '/priorities/:year/versions/:version/edit',
    { schema: { params: VersionParams, body: FrameworkForm }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const ref = refOf(request.params);
      const values = submittedFramework(request.body);
      return refusing(reply, ctx, ref, async () => {
        const framework = await editable(actor, ref);
        try {
          await priorityDrafting.updateFramework(
            request.auditContext(),
            ref,
            versionOf(values.version),
            {
              title: values.title,
              introduction: paragraphsOf(values.introduction),
              // An empty pair of fields is a principle removed, or the blank one left unused.
              principles: values.principles.filter(
                (p) => p.title.trim() !== '' || p.text.trim() !== '',
              ),
            },
          );
        } catch (error) {
          if (error instanceof ValidationError) {
            return sendEditPage(reply, ctx, framework, values, formFieldErrors(error.fieldErrors), {
              status: 400,
            });
          }
          if (error instanceof StaleVersionError) {
            const stored = await editable(actor, ref);
            return sendEditPage(
              reply,
              ctx,
              stored,
              { ...values, version: String(stored.rowVersion) },
              [],
              { status: 409, conflict: stored },
            );
          }
          throw error;
        }
        return reply.redirect(`${versionPath(ref)}/edit?saved=1`, 303);
      });
    },
  );

  // A section: its title and objective, its lines in order, and a new line.

  interface SectionPageState {
    status?: number;
    errors?: FieldError[];
    sectionValues?: { title: string; objective: string };
    newLine?: string;
    conflict?: boolean;
    saved?: boolean;
  }

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

  function sendConfirm(
    reply: FastifyReply,
    ctx: PageContext,
    title: string,
    question: string,
    shown: string,
    action: string,
    cancel: string,
    version: string,
    options: { status?: number; conflict?: boolean } = {},
  ): FastifyReply {
    const { t } = ctx;
    return sendPage(
      reply,
      ctx,
      title,
      [
        <p class="ecl-u-type-paragraph">{question}</p>,
        <blockquote class="ecl-u-type-paragraph ecl-u-mb-l">{shown}</blockquote>,
        <form method="post" action={action}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={version} />
          <div class="jh-actions">
            <Button>{title}</Button>
            <a class="ecl-link ecl-link--standalone" href={cancel}>
              {t('common.cancel')}
            </a>
          </div>
        </form>,
      ],
      {
        ...(options.status !== undefined ? { status: options.status } : {}),
        notices: options.conflict ? (
          <ConflictNotice ctx={ctx}>
            <p class="ecl-u-type-paragraph">{shown}</p>
          </ConflictNotice>
        ) : null,
      },
    );
  }

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

  app.get(
    '/priorities/:year/versions/:version/delete',
    { schema: { params: VersionParams }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const ref = refOf(request.params);
      const framework = await priorities.get(requireActor(request.actor), ref.year, ref.version);
      return sendConfirm(
        reply,
        ctx,
        ctx.t('priorities.delete.title'),
        ctx.t('priorities.delete.question', { name: versionTitle(ctx, framework) }),
        framework.title,
        `${versionPath(ref)}/delete`,
        versionPath(ref),
        String(framework.rowVersion),
      );
    },
  );

  app.post(
    '/priorities/:year/versions/:version/delete',
    { schema: { params: VersionParams, body: VersionOnlyForm }, config: access },
    async (request, reply) => {
      const ctx = request.pageContext();
      const actor = requireActor(request.actor);
      const ref = refOf(request.params);
      return refusing(reply, ctx, ref, async () => {
        try {
          await priorityDrafting.deleteDraft(
            request.auditContext(),
            ref,
            versionOf(request.body.version),
          );
        } catch (error) {
          if (error instanceof StaleVersionError) {
            const stored = await priorities.get(actor, ref.year, ref.version);
            return sendConfirm(
              reply,
              ctx,
              ctx.t('priorities.delete.title'),
              ctx.t('priorities.delete.question', { name: versionTitle(ctx, stored) }),
              stored.title,
              `${versionPath(ref)}/delete`,
              versionPath(ref),
              String(stored.rowVersion),
              { status: 409, conflict: true },
            );
          }
          throw error;
        }
        return reply.redirect('/priorities?deleted=1', 303);
      });
    },
  );

  // Opening the consultation, and recording agreement: a short form each.

  function sendStepForm(
    reply: FastifyReply,
    ctx: PageContext,
    framework: FrameworkView,
    step: 'consultation' | 'agreement',
    values: Record<string, string>,
    errors: FieldError[],
    options: { status?: number; conflict?: boolean } = {},
  ): FastifyReply {
    const { t } = ctx;
    const path = versionPath(framework);
    const consultation = step === 'consultation';
    return sendPage(
      reply,
      ctx,
      consultation
        ? t('priorities.consult.openTitle', { name: versionTitle(ctx, framework) })
        : t('priorities.agree.title', { name: versionTitle(ctx, framework) }),
      [
        <p class="ecl-u-type-paragraph">
          {consultation ? t('priorities.consult.openIntro') : t('priorities.agree.intro')}
        </p>,
        <FormErrors ctx={ctx} errors={errors} />,
        <form
          method="post"
          action={consultation ? `${path}/consultation/open` : `${path}/agreement`}
          novalidate
        >
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={values.version ?? ''} />
          {consultation ? (
            <DateField
              ctx={ctx}
              name="deadline"
              label={t('priorities.consult.deadline')}
              hint={t('priorities.consult.deadlineHint')}
              value={values.deadline ?? ''}
              errors={errors}
              required
            />
          ) : (
            [
              <DateField
                ctx={ctx}
                name="agreedOn"
                label={t('priorities.agree.on')}
                value={values.agreedOn ?? ''}
                errors={errors}
                required
              />,
              <TextField
                name="agreedAt"
                label={t('priorities.agree.at')}
                hint={t('priorities.agree.atHint')}
                value={values.agreedAt ?? ''}
                errors={errors}
                required
                maxlength={300}
              />,
            ]
          )}
          <div class="jh-actions">
            <Button>
              {consultation ? t('priorities.consult.openSubmit') : t('priorities.agree.submit')}
            </Button>
            <a class="ecl-link ecl-link--standalone" href={path}>
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
                [t('priorities.status'), statusLabel(ctx, framework.status)],
                [
                  t('priorities.consult.deadline'),
                  framework.consultationDeadline
                    ? formatDate(ctx.locale, framework.consultationDeadline)
                    : t('common.none'),
                ],
              ]}
            />
          </ConflictNotice>
        ) : null,
      },
    );
  }

  for (const step of ['consultation', 'agreement'] as const) {
    const url =
      step === 'consultation'
        ? '/priorities/:year/versions/:version/consultation/open'
        : '/priorities/:year/versions/:version/agreement';
    app.get(url, { schema: { params: VersionParams }, config: access }, async (request, reply) => {
      const ctx = request.pageContext();
      const ref = refOf(request.params);
      return refusing(reply, ctx, ref, async () => {
        const framework = await editable(requireActor(request.actor), ref);
        const values: Record<string, string> =
          step === 'consultation'
            ? { deadline: framework.consultationDeadline ?? '' }
            : { agreedOn: networkToday(), agreedAt: '' };
        return sendStepForm(
          reply,
          ctx,
          framework,
          step,
          { ...values, version: String(framework.rowVersion) },
          [],
        );
      });
    });

    app.post(
      url,
      {
        schema: {
          params: VersionParams,
          body: step === 'consultation' ? ConsultationForm : AgreementForm,
        },
        config: access,
      },
      async (request, reply) => {
        const ctx = request.pageContext();
        const actor = requireActor(request.actor);
        const ref = refOf(request.params);
        const body = request.body as Static<typeof ConsultationForm> & Static<typeof AgreementForm>;
        const values = {
          version: body.version ?? '',
          deadline: (body.deadline ?? '').trim(),
          agreedOn: (body.agreedOn ?? '').trim(),
          agreedAt: body.agreedAt ?? '',
        };
        return refusing(reply, ctx, ref, async () => {
          const framework = await editable(actor, ref);
          try {
            if (step === 'consultation') {
              await priorityDrafting.openConsultation(
                request.auditContext(),
                ref,
                versionOf(values.version),
                {
                  deadline: values.deadline,
                },
              );
            } else {
              await priorityDrafting.recordAgreement(
                request.auditContext(),
                ref,
                versionOf(values.version),
                {
                  agreedOn: values.agreedOn,
                  agreedAt: values.agreedAt,
                },
              );
            }
          } catch (error) {
            if (error instanceof ValidationError) {
              return sendStepForm(reply, ctx, framework, step, values, error.fieldErrors, {
                status: 400,
              });
            }
            if (error instanceof StaleVersionError) {
              const stored = await editable(actor, ref);
              return sendStepForm(
                reply,
                ctx,
                stored,
                step,
                { ...values, version: String(stored.rowVersion) },
                [],
                { status: 409, conflict: true },
              );
            }
            throw error;
          }
          return reply.redirect(`${versionPath(ref)}?saved=1`, 303);
        });
      },
    );
  }
}
