import { zonePlace } from '../meeting-time.js';
import { canonicalTimeZone } from '../zoned-time.js';

export interface ZoneGroup {
  /** "Europe", "America", ... */
  region: string;
  zones: { value: string; label: string }[];
}

/** Where the network meets most: listed first. */
const FIRST_REGION = 'Europe';

/** "Buenos Aires (Argentina)" for America/Argentina/Buenos_Aires; "Lisbon" for Europe/Lisbon. */
function zoneLabel(name: string): string {
  const parts = name.split('/');
  const place = zonePlace(name);
  return parts.length > 2
    ? `${place} (${parts.slice(1, -1).join(', ').replace(/_/g, ' ')})`
    : place;
}

/**
 * The IANA zones the runtime knows, grouped by region and sorted by place within each, Europe
 * first. A zone not in the list (kept from an older runtime) is added so a saved meeting keeps it.
 */
export function timeZoneGroups(keep: string): ZoneGroup[] {
  const names = new Set(Intl.supportedValuesOf('timeZone'));
  if (canonicalTimeZone(keep) === keep) names.add(keep);
  const groups = new Map<string, ZoneGroup>();
  for (const name of names) {
    const region = name.includes('/') ? (name.split('/')[0] ?? name) : 'UTC';
    const group = groups.get(region) ?? { region, zones: [] };
    group.zones.push({ value: name, label: zoneLabel(name) });
    groups.set(region, group);
  }
  for (const group of groups.values()) group.zones.sort((a, b) => a.label.localeCompare(b.label));
  return [...groups.values()].sort((a, b) =>
    a.region === FIRST_REGION
      ? -1
      : b.region === FIRST_REGION
        ? 1
        : a.region.localeCompare(b.region),
  );
}
