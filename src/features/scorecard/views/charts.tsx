import { h, type Html } from '../../../app/html/jsx.js';
import type { ActivityStatus } from '../../../db/schema.js';
import type { AssessmentBucket } from '../scorecard.views.js';

/**
 * Statuses in shades of blue, purple and grey, so that no status looks like an assessment's red,
 * amber or green; each keeps at least 3:1 against the white background.
 */
export const statusColours: Record<ActivityStatus, string> = {
  planned: '#5a8ad6',
  ongoing: '#1f4fa3',
  completed: '#0b2454',
  postponed: '#8e44ad',
  cancelled: '#6b6b6b',
};
export const assessmentColours: Record<AssessmentBucket, string> = {
  red: '#c62828',
  amber: '#b26a00',
  green: '#2e7d32',
  none: '#6b6b6b',
};

/** A colour swatch for a legend; the name beside it says what the colour stands for. */
function Swatch({ colour }: { colour: string }): Html {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
      <rect width="14" height="14" fill={colour} />
    </svg>
  );
}

export function Legend({
  label,
  items,
}: {
  label: string;
  items: { colour: string; name: string }[];
}): Html {
  return (
    <div class="ecl-u-mb-m">
      <p class="ecl-u-type-paragraph ecl-u-mb-xs" id="legend-label">
        {label}
      </p>
      <ul class="jh-actions ecl-u-mt-none ecl-u-pl-none" aria-labelledby="legend-label">
        {items.map((item) => (
          <li class="ecl-u-d-inline-block ecl-u-type-paragraph">
            <Swatch colour={item.colour} /> {item.name}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A chart drawn twice: at its own size for a wide screen and at a phone's width, where the wide
 * drawing scaled down would shrink its text below reading size. The stylesheet shows one.
 */
export function Responsive({
  draw,
  width,
}: {
  draw: (width: number, height: number) => Html;
  width: number;
}): Html {
  return (
    <div>
      <div class="jh-chart jh-chart--wide">{draw(width, 360)}</div>
      <div class="jh-chart jh-chart--narrow">{draw(360, 320)}</div>
    </div>
  );
}

/**
 * A chart with the table of its figures beside it; a table too wide to sit beside the chart
 * (`wide`) goes below it, so that every column shows without scrolling.
 */
export function Figure({
  caption,
  note,
  chart,
  table,
  wide = false,
}: {
  caption: string;
  note?: string;
  chart: Html;
  table: Html;
  wide?: boolean;
}): Html {
  return (
    <figure
      class={`ecl-u-mb-2xl ecl-u-ml-none ecl-u-mr-none jh-figure${wide ? ' jh-figure--wide' : ''}`}
    >
      <figcaption class="ecl-u-type-heading-3">{caption}</figcaption>
      {note ? <p class="ecl-u-type-paragraph">{note}</p> : null}
      <div class="ecl-row">
        <div class={wide ? 'ecl-col-12' : 'ecl-col-12 ecl-col-l-7'}>{chart}</div>
        <div class={wide ? 'ecl-col-12' : 'ecl-col-12 ecl-col-l-5'}>{table}</div>
      </div>
    </figure>
  );
}
