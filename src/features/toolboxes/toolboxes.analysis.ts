import type { ToolboxOfferKind } from '../../db/schema.js';
import type { AgencyRef, OfferView, ThemeView } from './toolboxes.model.js';

/**
 * What the network discusses about a toolbox, worked out from the offers a reader may read: pure
 * functions, so that no figure counts an offer the reader's own list would not show.
 */

/** A theme no offer covers. */
export interface Gap {
  themeId: string;
  theme: string;
}

/** A theme where several agencies offer the same kind of thing. */
export interface Overlap {
  themeId: string;
  theme: string;
  kind: ToolboxOfferKind;
  /** The agencies' acronyms, in alphabetical order. */
  agencies: string[];
  offers: { id: string; title: string; agency: string }[];
}

const collator = new Intl.Collator('en', { sensitivity: 'base' });

/** The themes no offer covers, in the toolbox's order. */
export function gapsOf(themes: readonly ThemeView[], offers: readonly OfferView[]): Gap[] {
  const covered = new Set(offers.flatMap((offer) => offer.themes.map((t) => t.id)));
  return [...themes]
    .sort((a, b) => a.position - b.position)
    .filter((theme) => !covered.has(theme.id))
    .map((theme) => ({ themeId: theme.id, theme: theme.title }));
}

/**
 * Each theme and kind of offer that two or more agencies offer, in the toolbox's order of themes
 * and the order of kinds; two offers of one agency are not an overlap.
 */
export function overlapsOf(
  themes: readonly ThemeView[],
  offers: readonly OfferView[],
  kinds: readonly ToolboxOfferKind[],
): Overlap[] {
  const overlaps: Overlap[] = [];
  for (const theme of [...themes].sort((a, b) => a.position - b.position)) {
    for (const kind of kinds) {
      const matching = offers.filter(
        (offer) => offer.kind === kind && offer.themes.some((t) => t.id === theme.id),
      );
      const agencies = [...new Set(matching.map((offer) => offer.agency.acronym))].sort(
        collator.compare,
      );
      if (agencies.length < 2) continue;
      overlaps.push({
        themeId: theme.id,
        theme: theme.title,
        kind,
        agencies,
        offers: matching
          .map((offer) => ({ id: offer.id, title: offer.title, agency: offer.agency.acronym }))
          .sort(
            (a, b) => collator.compare(a.agency, b.agency) || collator.compare(a.title, b.title),
          ),
      });
    }
  }
  return overlaps;
}

/** The offers of one agency under one theme: a cell of the matrix. */
export function cellOf(
  offers: readonly OfferView[],
  agency: AgencyRef,
  theme: Pick<ThemeView, 'id'>,
): OfferView[] {
  return offers.filter(
    (offer) => offer.agency.id === agency.id && offer.themes.some((t) => t.id === theme.id),
  );
}
