import { Type, type Static } from 'typebox';

/**
 * A form body as text: a field may repeat (checkboxes, pickers). The real limits are the
 * service's; these caps keep a tampered request small while leaving room for the hidden copy of
 * the values a form was opened with (`_base`), which is as long as the form's texts together.
 */
export const FormBody = Type.Record(
  Type.String({ maxLength: 60 }),
  Type.Union([
    Type.String({ maxLength: 100_000 }),
    Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 500 }),
  ]),
  { maxProperties: 400 },
);
export type FormBody = Static<typeof FormBody>;
