import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireActor } from '../../../app/access.js';
import { h } from '../../../app/html/jsx.js';
import { sendPage } from '../../../app/html/send-page.js';
import {
  ImportContent,
  importPageRoutes,
  ImportRules,
  scorecardImportTexts,
  type ImportTexts,
} from '../../../app/spreadsheet/import-page.js';
import { toolboxesPolicy } from '../toolboxes.policy.js';
import { ToolboxParams } from '../toolboxes.schema.js';
import { toolboxHref } from '../views/toolbox.views.js';

const toolboxImportTexts: ImportTexts = {
  ...scorecardImportTexts,
  doneTitle: 'toolboxes.import.done',
  summary: 'toolboxes.import.summary',
  download: 'toolboxes.export',
};

/** The import of offers into a toolbox from a workbook, all rows or none. */
export async function toolboxImportPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { toolboxes, toolboxTransfer } = app.services;

  importPageRoutes(app, {
    path: '/toolboxes/:id/import',
    params: ToolboxParams,
    access: toolboxesPolicy.offer,
    chooseFile: 'scorecardImport.chooseFile',
    href: (params) => `${toolboxHref(params.id)}/import`,
    show: async (request, reply, params, outcome, status) => {
      const ctx = request.pageContext();
      const toolbox = await toolboxes.get(params.id);
      const base = toolboxHref(toolbox.id);
      return sendPage(
        reply,
        ctx,
        ctx.t('toolboxes.import.title', { toolbox: toolbox.title }),
        <div>
          <ImportContent
            ctx={ctx}
            outcome={outcome}
            texts={toolboxImportTexts}
            action={`${base}/import`}
            exportHref={`${base}/export.xlsx`}
          >
            <p class="ecl-u-type-paragraph">{ctx.t('toolboxes.import.intro')}</p>
            <ImportRules
              ctx={ctx}
              rules={[
                'toolboxes.import.ruleNew',
                'toolboxes.import.ruleUpdate',
                'toolboxes.import.ruleAll',
              ]}
              ownAgency="toolboxes.import.ruleOwnAgency"
            />
          </ImportContent>
        </div>,
        { status },
      );
    },
    importFile: (request, params, bytes) =>
      toolboxTransfer.importXlsx(
        requireActor(request.actor),
        request.auditContext(),
        params.id,
        bytes,
      ),
  });
}
