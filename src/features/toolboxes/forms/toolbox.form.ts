import { text } from '../../../app/forms/fields.js';
import { defineForm, type Values } from '../../../app/forms/define-form.js';
import {
  MAX_LONG_TEXT,
  MAX_THEME_TITLE,
  MAX_TOOLBOX_TITLE,
  type ToolboxDetail,
  type ToolboxInput,
} from '../toolboxes.model.js';

/** A new toolbox: its title, what it is for, and its themes one a line. */
export const toolboxForm = defineForm({
  fields: {
    title: text({ label: 'toolboxes.field.title', required: true, max: MAX_TOOLBOX_TITLE }),
    description: text({ label: 'toolboxes.field.description', max: MAX_LONG_TEXT }),
    themes: text({
      label: 'toolboxes.field.themes',
      hint: 'toolboxes.field.themesHint',
      required: true,
    }),
  },
});

export type ToolboxValues = Values<typeof toolboxForm.fields>;

export function toolboxInputOf(values: ToolboxValues): ToolboxInput {
  return {
    title: values.title,
    description: values.description,
    themes: values.themes
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .map((title) => ({ title, description: '' })),
  };
}

/** A toolbox renamed or described anew by the secretariat; its themes are added one by one. */
export const toolboxEditForm = defineForm({
  fields: {
    title: toolboxForm.fields.title,
    description: toolboxForm.fields.description,
  },
});

/** A toolbox as its edit form shows it. */
export function toolboxEditValuesOf(toolbox: ToolboxDetail): Values<typeof toolboxEditForm.fields> {
  return { title: toolbox.title, description: toolbox.description };
}

/** A theme added to a toolbox: a new column of its matrix. */
export const themeForm = defineForm({
  fields: {
    title: text({ label: 'toolboxes.theme.title', required: true, max: MAX_THEME_TITLE }),
    description: text({ label: 'toolboxes.theme.description', max: MAX_LONG_TEXT }),
  },
});
