import { h, type Html } from '../../../app/html/jsx.js';
import type { PageContext } from '../../../app/html/page-context.js';
import { formatDate } from '../../../app/i18n/format.js';
import type { ActivityView } from '../scorecard.model.js';
import { monthStarts, yearPosition } from '../scorecard.views.js';
import { statusColours } from './charts.js';
import { statusLabel } from './labels.js';

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/**
 * The timeline's geometry. On a wide screen each activity is one row, its title left of its bar;
 * on a phone the title stands above its bar across the whole width, so both stay readable.
 */
const TIMELINE = {
  wide: {
    width: 1000,
    labelWidth: 310,
    right: 12,
    axis: 30,
    group: 30,
    row: 22,
    bar: 14,
    title: 48,
  },
  narrow: { width: 360, labelWidth: 0, right: 4, axis: 26, group: 28, row: 36, bar: 12, title: 52 },
};

/** The activities as bars on the months of the year, drawn here as SVG: text is escaped. */
export function TimelineChart({
  ctx,
  year,
  groups,
  label,
  groupLabel,
  layout,
}: {
  ctx: PageContext;
  year: number;
  groups: { key: string; activities: ActivityView[] }[];
  label: string;
  groupLabel: (key: string) => string;
  layout: 'wide' | 'narrow';
}): Html {
  const g = TIMELINE[layout];
  const narrow = layout === 'narrow';
  const span = g.width - g.labelWidth - g.right;
  const x = (position: number) => g.labelWidth + position * span;
  const height =
    g.axis + groups.reduce((sum, group) => sum + g.group + group.activities.length * g.row, 0) + 8;
  const monthName = new Intl.DateTimeFormat(ctx.locale, {
    month: narrow ? 'narrow' : 'short',
    timeZone: 'UTC',
  });
  const starts = monthStarts(year);
  const rows: Html[] = [];
  let y = g.axis;
  for (const group of groups) {
    rows.push(
      <text x="0" y={y + 20} font-size="14" font-weight="bold" fill="#262626">
        {truncate(groupLabel(group.key), narrow ? 44 : 110)}
      </text>,
    );
    y += g.group;
    for (const activity of group.activities) {
      const start = yearPosition(activity.plannedStart, year, 'start');
      const end = yearPosition(activity.plannedEnd, year, 'end');
      const barTitle = ctx.t('scorecardViews.timeline.barTitle', {
        title: activity.title,
        start: formatDate(ctx.locale, activity.plannedStart),
        end: formatDate(ctx.locale, activity.plannedEnd),
        status: statusLabel(ctx, activity.status),
      });
      rows.push(
        <g>
          <title>{barTitle}</title>
          <text
            x={narrow ? '0' : '8'}
            y={y + (narrow ? 13 : 15)}
            font-size={narrow ? '13' : '12'}
            fill="#404040"
          >
            {truncate(activity.title, g.title)}
          </text>
          <rect
            x={x(start).toFixed(1)}
            y={narrow ? y + 18 : y + (g.row - g.bar) / 2}
            width={Math.max(2, (end - start) * span).toFixed(1)}
            height={g.bar}
            fill={statusColours[activity.status]}
          />
        </g>,
      );
      y += g.row;
    }
  }
  return (
    <svg
      viewBox={`0 0 ${String(g.width)} ${String(height)}`}
      width="100%"
      role="img"
      aria-label={label}
      focusable="false"
      font-family="Arial, sans-serif"
      class={`jh-chart jh-chart--${layout}`}
    >
      {starts.map((position, month) => (
        <g>
          <line
            x1={x(position).toFixed(1)}
            x2={x(position).toFixed(1)}
            y1={g.axis - 6}
            y2={height}
            stroke="#cfcfcf"
          />
          <text x={(x(position) + 4).toFixed(1)} y="16" font-size="12" fill="#404040">
            {monthName.format(new Date(Date.UTC(year, month, 1)))}
          </text>
        </g>
      ))}
      {rows}
    </svg>
  );
}
