import type { FastifyInstance } from 'fastify';
import { calendarDateFromDayFirst } from '../dates.js';

/**
 * The hidden field a page's date inputs (DateField) send, once per date field, naming it. Its
 * fields are written day first, as the inputs show them.
 */
export const DATE_FIELDS = '_dates';

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Dates typed day first become YYYY-MM-DD before a route's schema and handler see them, so every
 * handler keeps reading one format. Text that is no day stays as typed, for the handler to refuse
 * with its own message. The hidden field goes: no schema needs to know of it.
 */
function normaliseDates(fields: Fields): void {
  const named = fields[DATE_FIELDS];
  if (named === undefined) return;
  Reflect.deleteProperty(fields, DATE_FIELDS);
  for (const name of Array.isArray(named) ? named : [named]) {
    if (typeof name !== 'string' || name === DATE_FIELDS) continue;
    const value = fields[name];
    if (typeof value !== 'string') continue;
    const day = calendarDateFromDayFirst(value);
    if (day !== null) fields[name] = day;
  }
}

export async function dateFields(app: FastifyInstance): Promise<void> {
  app.addHook('preValidation', async (request) => {
    if (isFields(request.query)) normaliseDates(request.query);
    if (isFields(request.body)) normaliseDates(request.body);
  });
}
