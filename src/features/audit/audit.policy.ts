import { administrators } from '../../app/access.js';

/** The audit log is the secretariat's: only administrators read, filter, export and verify it. */
export const auditPolicy = {
  read: administrators,
} as const;
