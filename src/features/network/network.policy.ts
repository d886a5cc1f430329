import { administrators, signedIn } from '../../app/access.js';

/**
 * Who may do what with the network registry: agencies, bodies and chair years. The registry is
 * public knowledge, so every signed-in user reads all of it; only the secretariat changes it.
 */
export const networkPolicy = {
  read: signedIn,
  edit: administrators,
} as const;
