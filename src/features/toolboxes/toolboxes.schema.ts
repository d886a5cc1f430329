import { Type, type Static } from 'typebox';
import { oneOf } from '../../app/http.js';
import { nameSchemas } from '../../app/openapi/declare.js';
import { toolboxOfferKinds } from '../../db/schema.js';
import {
  MAX_CONTACT_POINT,
  MAX_LEGAL_BASIS,
  MAX_LONG_TEXT,
  MAX_OFFER_TITLE,
  MAX_THEME_TITLE,
  MAX_THEMES,
  MAX_TOOLBOX_TITLE,
} from './toolboxes.model.js';

// The schema checks shapes, with room past the limits: the limits and the references are the
// service's rules, so that every problem comes back at once with the field it concerns.

const ThemeSchema = Type.Object({
  id: Type.String(),
  position: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
});

const AgencyRefSchema = Type.Object({
  id: Type.String(),
  acronym: Type.String(),
  name: Type.String(),
});

export const ToolboxSummarySchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  themeCount: Type.Integer(),
  offerCount: Type.Integer({ description: 'The offers the caller may read' }),
  version: Type.Integer(),
});

export const ToolboxSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  themes: Type.Array(ThemeSchema),
  version: Type.Integer(),
  updatedAt: Type.String(),
});

export const OfferSchema = Type.Object({
  id: Type.String(),
  toolboxId: Type.String(),
  agency: AgencyRefSchema,
  kind: oneOf(toolboxOfferKinds),
  title: Type.String(),
  description: Type.String(),
  accessConditions: Type.String(),
  contactPoint: Type.String(),
  legalBasis: Type.String(),
  themes: Type.Array(Type.Object({ id: Type.String(), title: Type.String() })),
  releasedToObservers: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: Type.String(),
});

const MatrixCellSchema = Type.Object({
  agencyId: Type.String(),
  themeId: Type.String(),
  offerIds: Type.Array(Type.String()),
});

export const MatrixSchema = Type.Object({
  toolbox: ToolboxSchema,
  agencies: Type.Array(AgencyRefSchema),
  cells: Type.Array(MatrixCellSchema, {
    description: 'One per agency and theme, in the order of agencies, then themes',
  }),
  offers: Type.Array(OfferSchema),
});

const GapSchema = Type.Object({ themeId: Type.String(), theme: Type.String() });

const OverlapSchema = Type.Object({
  themeId: Type.String(),
  theme: Type.String(),
  kind: oneOf(toolboxOfferKinds),
  agencies: Type.Array(Type.String()),
  offers: Type.Array(
    Type.Object({ id: Type.String(), title: Type.String(), agency: Type.String() }),
  ),
});

export const AnalysisSchema = Type.Object({
  gaps: Type.Array(GapSchema, { description: 'Themes no offer the caller may read covers' }),
  overlaps: Type.Array(OverlapSchema, {
    description: 'Themes where two or more agencies offer the same kind of thing',
  }),
});

export const OfferRevisionSchema = Type.Object({
  version: Type.Integer(),
  recordedAt: Type.String(),
  recordedBy: Type.Union([Type.String(), Type.Null()]),
  summary: oneOf(['created', 'edited', 'imported'] as const),
  changes: Type.Record(
    Type.String(),
    Type.Object({ before: Type.Unknown(), after: Type.Unknown() }),
  ),
});

const themeFields = {
  title: Type.String({ maxLength: MAX_THEME_TITLE * 2 }),
  description: Type.Optional(Type.String({ maxLength: MAX_LONG_TEXT * 2 })),
};

export const NewThemeBody = Type.Object(themeFields, { additionalProperties: false });
export type NewThemeBody = Static<typeof NewThemeBody>;

export const NewToolboxBody = Type.Object(
  {
    title: Type.String({ maxLength: MAX_TOOLBOX_TITLE * 2 }),
    description: Type.Optional(Type.String({ maxLength: MAX_LONG_TEXT * 2 })),
    themes: Type.Array(Type.Object(themeFields, { additionalProperties: false }), {
      maxItems: MAX_THEMES * 2,
      description: 'The columns of the matrix, in order',
    }),
  },
  { additionalProperties: false },
);
export type NewToolboxBody = Static<typeof NewToolboxBody>;

export const ToolboxChangesBody = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: MAX_TOOLBOX_TITLE * 2 })),
    description: Type.Optional(Type.String({ maxLength: MAX_LONG_TEXT * 2 })),
  },
  { additionalProperties: false },
);
export type ToolboxChangesBody = Static<typeof ToolboxChangesBody>;

const offerFields = {
  agency: Type.String({ maxLength: 100, description: 'Acronym or id of a member agency' }),
  kind: Type.String({ maxLength: 40, description: toolboxOfferKinds.join(', ') }),
  title: Type.String({ maxLength: MAX_OFFER_TITLE * 2 }),
  description: Type.String({ maxLength: MAX_LONG_TEXT * 2 }),
  accessConditions: Type.String({ maxLength: MAX_LONG_TEXT * 2 }),
  contactPoint: Type.String({ maxLength: MAX_CONTACT_POINT * 2 }),
  legalBasis: Type.String({ maxLength: MAX_LEGAL_BASIS * 2 }),
  themes: Type.Array(Type.String({ maxLength: MAX_THEME_TITLE * 2 }), {
    maxItems: MAX_THEMES * 2,
    description: 'Ids or titles of the toolbox themes the offer covers',
  }),
  releasedToObservers: Type.Boolean(),
};

export const NewOfferBody = Type.Object(
  {
    agency: offerFields.agency,
    kind: offerFields.kind,
    title: offerFields.title,
    description: Type.Optional(offerFields.description),
    accessConditions: Type.Optional(offerFields.accessConditions),
    contactPoint: offerFields.contactPoint,
    legalBasis: Type.Optional(offerFields.legalBasis),
    themes: offerFields.themes,
    releasedToObservers: Type.Optional(offerFields.releasedToObservers),
  },
  { additionalProperties: false },
);
export type NewOfferBody = Static<typeof NewOfferBody>;

export const OfferChangesBody = Type.Partial(Type.Object(offerFields), {
  additionalProperties: false,
});
export type OfferChangesBody = Static<typeof OfferChangesBody>;

export const ToolboxParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const OfferParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const OffersQuery = Type.Object({
  theme: Type.Optional(Type.String({ format: 'uuid', description: 'Offers covering this theme' })),
  agency: Type.Optional(
    Type.String({ maxLength: 100, description: 'Offers of this agency (acronym or id)' }),
  ),
});

export const ImportSummarySchema = Type.Object({
  created: Type.Integer({ description: 'Rows without an ID, added as new offers' }),
  updated: Type.Integer({ description: 'Rows that changed their offer: a new version each' }),
  unchanged: Type.Integer({ description: 'Rows equal to their offer: left alone' }),
});

nameSchemas({
  ToolboxTheme: ThemeSchema,
  ToolboxAgency: AgencyRefSchema,
  ToolboxSummary: ToolboxSummarySchema,
  Toolbox: ToolboxSchema,
  ToolboxOffer: OfferSchema,
  ToolboxMatrixCell: MatrixCellSchema,
  ToolboxMatrix: MatrixSchema,
  ToolboxGap: GapSchema,
  ToolboxOverlap: OverlapSchema,
  ToolboxAnalysis: AnalysisSchema,
  ToolboxOfferRevision: OfferRevisionSchema,
  NewToolboxBody,
  ToolboxChangesBody,
  NewToolboxThemeBody: NewThemeBody,
  NewToolboxOfferBody: NewOfferBody,
  ToolboxOfferChangesBody: OfferChangesBody,
  ToolboxImportSummary: ImportSummarySchema,
});
