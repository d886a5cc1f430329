import type { FormBody } from '../../app/forms/body.js';
import type { ActivityView, ProgressInput } from './scorecard.model.js';

/** The progress form is read here; the activity form is declared in forms/activity.form.ts. */
function one(body: FormBody, name: string): string {
  const value = body[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** Empty stays null; anything else is read as a number, and a non-number is NaN for the check. */
function numberOrNull(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  return trimmed === '' ? null : Number(trimmed);
}

/** A progress form as sent: indicator values arrive as `indicator:<name>` fields. */
export function progressInputOf(body: FormBody, activity: ActivityView): ProgressInput {
  const indicators: Record<string, number> = {};
  activity.indicators.forEach((indicator, index) => {
    const value = one(body, `indicatorValue${String(index)}`).trim();
    if (value !== '') indicators[indicator.name] = numberOrNull(value) ?? Number.NaN;
  });
  return {
    postedOn: one(body, 'postedOn'),
    text: one(body, 'text'),
    status: one(body, 'status') || undefined,
    assessment: one(body, 'assessment') || undefined,
    assessmentReason: one(body, 'assessmentReason') || undefined,
    indicators,
  };
}

export function versionField(body: FormBody): string | undefined {
  return one(body, 'version') || undefined;
}
