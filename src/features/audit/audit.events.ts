/** Every action the audit log records. Adding an action means adding it here. */
export const auditActions = [
  'session.login',
  'session.login_failed',
  'session.sso_sign_in',
  'session.sso_second_step',
  'session.sso_refused',
  'session.logout',
  'session.expired_by_disable',
  'session.revoke',
  'session.end_all',
  'access.denied',
  'access.not_found',
  'token.create',
  'token.revoke',
  'token.use',
  'user.create',
  'user.update',
  'user.password_reset',
  'user.disable',
  'user.enable',
  'user.unlock',
  'organisation.create',
  'organisation.update',
  'chair_year.set',
  'priorities.import',
  'priorities.draft',
  'priorities.edit',
  'priorities.revise',
  'priorities.delete',
  'priorities.consultation_open',
  'priorities.agree',
  'priority_answer.create',
  'priority_answer.update',
  'priority_answer.withdraw',
  'activity.create',
  'activity.update',
  'activity.progress',
  'activity.delete',
  'activity.offers',
  'scorecard.import',
  'training.create',
  'training.update',
  'training.delete',
  'training.import',
  'meeting.create',
  'meeting.update',
  'meeting.cancel',
  'meeting.invitations_send',
  'meeting.agenda_publish',
  'meeting.participant_add',
  'meeting.participant_remove',
  'meeting.respond',
  'meeting.agenda_item_add',
  'meeting.agenda_item_remove',
  'meeting.outcomes_update',
  'meeting.decision_add',
  'meeting.action_point_add',
  'meeting.action_point_update',
  'calendar_feed.renew',
  'calendar_feed.revoke',
  'document.register',
  'document.update',
  'document.version_add',
  'document.download',
  'document.mark',
  'document.downgrade',
  'document.declassify',
  'document.schedule',
  'document.schedule_cancel',
  'document.scheduled_change',
  'documents.keys_rotate',
  // Recorded before a signature needed a second administrator's confirmation (euci.confirm).
  'euci.sign',
  'euci.withdraw',
  'euci.request',
  'euci.confirm',
  'euci.reject',
  'user.clearance',
  'demo.seed',
  'saved_view.create',
  'saved_view.delete',
  'notification.read',
  'notification.read_all',
  'notification.preferences',
  'user.password_change',
  'user.password_change_failed',
  'user.password_reset_request',
  'user.password_reset_by_link',
  'user.password_reset_refused',
  'user.sso_bind',
  'user.sso_unbind',
  'backup.create',
  'backup.restore',
  'report.create',
  'report.update',
  'report.section_edit',
  'report.finalise',
  'report.submit',
  'report.reopen',
  'report.contribution_request',
  'report.contribution_write',
  'report.contribution_submit',
  'report.contribution_accept',
  'report.signoff_procedure',
  'report.signoff_answer',
  'toolbox.create',
  'toolbox.update',
  'toolbox.theme_add',
  'toolbox.import',
  'toolbox_offer.create',
  'toolbox_offer.update',
  'toolbox_offer.delete',
  'product.create',
  'product.update',
  'product.delete',
  'products.import',
  'factor.enrol',
  'factor.revoke',
  'factor.reset',
  'factor.recovery_used',
  'factor.recovery_regenerate',
  'factor.passkey_added',
  'factor.passkey_counter_regressed',
] as const;

export type AuditAction = (typeof auditActions)[number];

export type AuditTargetType =
  | 'session'
  | 'route'
  | 'token'
  | 'user'
  | 'organisation'
  | 'chair_year'
  | 'network'
  | 'priorities'
  | 'priority_answer'
  | 'activity'
  | 'scorecard'
  | 'training'
  | 'training_matrix'
  | 'meeting'
  | 'action_point'
  | 'calendar_feed'
  | 'document'
  | 'euci_agreement'
  | 'saved_view'
  | 'notification'
  | 'backup'
  | 'report'
  | 'report_section'
  | 'report_contribution'
  | 'report_signoff'
  | 'toolbox'
  | 'toolbox_offer'
  | 'product'
  | 'products'
  | 'factor';

/** Before and after of each changed field; or facts about an event that changes nothing. */
export type AuditChanges = Record<string, unknown>;

export interface AuditEvent {
  action: AuditAction;
  targetType: AuditTargetType;
  targetId: string | null;
  changes?: AuditChanges;
}

/** Who did it and where the request came from. */
export interface AuditContext {
  actor: {
    userId: string;
    email: string;
    organisationAcronym: string;
  } | null;
  requestId: string | null;
  ip: string | null;
}

export const systemContext: AuditContext = { actor: null, requestId: null, ip: null };

/** The before/after of fields that differ between two versions of a record. */
export function diff<T extends object>(before: T, after: Partial<T>): AuditChanges {
  const changes: AuditChanges = {};
  for (const key of Object.keys(after) as (keyof T & string)[]) {
    if (after[key] !== undefined && after[key] !== before[key]) {
      changes[key] = { before: before[key], after: after[key] };
    }
  }
  return changes;
}
