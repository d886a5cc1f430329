import type { FastifyInstance, FastifyReply } from 'fastify';
import { type Static } from 'typebox';
import { requireActor } from '../../../app/access.js';
import { h } from '../../../app/html/jsx.js';
import {
  DateField,
  Button,
  CsrfField,
  DescriptionList,
  FormErrors,
  TextField,
} from '../../../app/html/components.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { StaleVersionError, ValidationError, type FieldError } from '../../../app/errors.js';
import { formatDate } from '../../../app/i18n/format.js';
import { networkToday } from '../priorities.dates.js';
import {
  ConflictNotice,
  sendPage,
  statusLabel,
  versionOf,
  versionPath,
} from '../priorities.page-kit.js';
import { VersionParams } from '../priorities.schema.js';
import type { FrameworkView } from '../priorities.service.js';
import {
  VersionOnlyForm,
  ConsultationForm,
  AgreementForm,
  refOf,
  versionTitle,
  sendConfirm,
} from '../views/drafting.views.js';
import { draftingContext } from './drafting.context.js';

/** Deleting a draft and moving it through consultation to agreement. */
export async function stepPages(fastify: FastifyInstance): Promise<void> {
  const { app, priorities, priorityDrafting, access, editable, refusing } =
    draftingContext(fastify);
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
