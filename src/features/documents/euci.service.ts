import { loadNameHistory } from '../network/names-on-date.js';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../app/access.js';
import { isCalendarDate, todayUtc } from '../../app/dates.js';
import {
  AppError,
  ConflictError,
  NotFoundError,
  ValidationError,
  type FieldError,
} from '../../app/errors.js';
import type { Database, Executor, Trx } from '../../db/database.js';
import {
  type ClassificationName,
  type EuciRequestKind,
  type EuciRequestStatus,
} from '../../db/schema.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuditContext } from '../audit/audit.events.js';
import { classificationLabel, classificationLevel, classificationName } from './markings.js';

export interface Signatory {
  organisationId: string;
  acronym: string;
  /** The acronym on the day it signed, when the organisation was named otherwise. */
  acronymOnDate?: string;
  name: string;
  kind: 'agency' | 'body';
  /** Null: has not signed. */
  signedOn: string | null;
}

/** Clearances a user can hold: from CONFIDENTIEL UE up; RESTREINT UE needs a briefing only. */
export const clearanceNames = ['none', 'confidentiel', 'secret', 'tres_secret'] as const;
export type ClearanceName = (typeof clearanceNames)[number];

export interface Clearance {
  userId: string;
  name: string;
  email: string;
  organisation: string;
  clearance: ClearanceName;
  clearanceLabel: string;
  briefedOn: string | null;
  version: number;
}

/**
 * Who asks for or decides on a change of access to EUCI: an administrator, to whom the four-eyes
 * rule applies, or the platform itself when it seeds its demo data (no person, nothing to check).
 */
export type EuciCaller = { kind: 'administrator'; actor: Actor } | { kind: 'platform' };

/** A signature or a clearance waiting for a second administrator, or what became of it. */
export interface EuciRequest {
  id: string;
  kind: EuciRequestKind;
  status: EuciRequestStatus;
  /** The organisation that signs (a signature). */
  organisationId: string | null;
  /** The user cleared or briefed (a clearance). */
  userId: string | null;
  /** Who or what the request is about, as people read it. */
  subject: string;
  signedOn: string | null;
  clearance: ClearanceName | null;
  clearanceLabel: string | null;
  briefedOn: string | null;
  /** Null: the platform itself (the demo data). */
  requestedById: string | null;
  requestedBy: string | null;
  requestedByOrganisationId: string | null;
  requestedByOrganisation: string | null;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

/** A clearance change: applied at once when it widens nothing, else a request to confirm. */
export type ClearanceChange =
  { applied: true; clearance: Clearance } | { applied: false; request: EuciRequest };

/** Why an administrator may not confirm a request (four eyes). */
export type ConfirmationRefusal =
  'own_request' | 'same_organisation' | 'own_clearance' | 'own_organisation';

const refusalMessages: Record<ConfirmationRefusal, string> = {
  own_request: 'You made this request: an administrator of another organisation confirms it.',
  same_organisation:
    "An administrator of another organisation than the requester's confirms this request.",
  own_clearance: 'Nobody confirms a change of their own clearance or briefing.',
  own_organisation: "Nobody confirms their own organisation's signature of the agreement.",
};

/**
 * The four-eyes rule: a request is confirmed by an administrator who neither made it, nor
 * belongs to the requester's organisation, nor gains by it (their own clearance, their own
 * organisation's signature). Null when `actor` may confirm.
 */
export function confirmationRefusal(
  actor: Actor,
  request: EuciRequest,
): ConfirmationRefusal | null {
  if (request.requestedById === actor.userId) return 'own_request';
  if (request.requestedByOrganisationId === actor.organisationId) return 'same_organisation';
  if (request.userId === actor.userId) return 'own_clearance';
  if (request.organisationId === actor.organisationId) return 'own_organisation';
  return null;
}

function clearanceNameOf(level: number | null): ClearanceName {
  return (level === null ? 'none' : classificationName(level)) as ClearanceName;
}

function levelOf(name: ClearanceName): number | null {
  return name === 'none' ? null : classificationLevel(name satisfies ClassificationName);
}

/**
 * Whether a change of clearance and briefing can widen anyone's access: a higher level, or a
 * briefing recorded or re-dated. Lowering the level or removing the briefing narrows access
 * and takes effect at once.
 */
function widensAccess(
  before: { level: number | null; briefedOn: string | null },
  after: { level: number | null; briefedOn: string | null },
): boolean {
  return (
    (after.level ?? -1) > (before.level ?? -1) ||
    (after.briefedOn !== null && after.briefedOn !== before.briefedOn)
  );
}

const requestColumns = [
  'euci_requests.id',
  'euci_requests.kind',
  'euci_requests.status',
  'euci_requests.organisation_id',
  'euci_requests.user_id',
  'euci_requests.signed_on',
  'euci_requests.clearance_level',
  'euci_requests.briefed_on',
  'euci_requests.requested_by',
  'euci_requests.requested_by_organisation',
  'euci_requests.requested_at',
  'euci_requests.decided_at',
  'signing.acronym as signingAcronym',
  'cleared.name as clearedName',
  'cleared.email as clearedEmail',
  'requester.email as requesterEmail',
  'requester_organisation.acronym as requesterAcronym',
  'decider.email as deciderEmail',
] as const;

function requestsQuery(db: Executor) {
  return db
    .selectFrom('euci_requests')
    .leftJoin('organisations as signing', 'signing.id', 'euci_requests.organisation_id')
    .leftJoin('users as cleared', 'cleared.id', 'euci_requests.user_id')
    .leftJoin('users as requester', 'requester.id', 'euci_requests.requested_by')
    .leftJoin(
      'organisations as requester_organisation',
      'requester_organisation.id',
      'euci_requests.requested_by_organisation',
    )
    .leftJoin('users as decider', 'decider.id', 'euci_requests.decided_by')
    .select(requestColumns);
}

type RequestRow = Awaited<ReturnType<ReturnType<typeof requestsQuery>['executeTakeFirstOrThrow']>>;

function toRequest(row: RequestRow): EuciRequest {
  const clearance = row.kind === 'clearance' ? clearanceNameOf(row.clearance_level) : null;
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    organisationId: row.organisation_id,
    userId: row.user_id,
    subject:
      row.kind === 'signature'
        ? (row.signingAcronym ?? '')
        : `${row.clearedName ?? ''} (${row.clearedEmail ?? ''})`,
    signedOn: row.signed_on,
    clearance,
    clearanceLabel:
      clearance === null
        ? null
        : clearance === 'none'
          ? 'None'
          : classificationLabel(row.clearance_level ?? 0),
    briefedOn: row.briefed_on,
    requestedById: row.requested_by,
    requestedBy: row.requesterEmail,
    requestedByOrganisationId: row.requested_by_organisation,
    requestedByOrganisation: row.requesterAcronym,
    requestedAt: row.requested_at,
    decidedBy: row.deciderEmail,
    decidedAt: row.decided_at,
  };
}

/**
 * The multilateral agreement on the exchange of EU classified information (who signed it, when)
 * and the personal side of access to EUCI: each user's security clearance and briefing.
 *
 * Four eyes: whatever widens access to EUCI (a signature, a higher clearance, a briefing) is a
 * request that takes effect only when an administrator of another organisation confirms it, so
 * no administrator can give themselves access alone. Withdrawals and lowered clearances narrow
 * access and take effect at once. Requests, confirmations and rejections are audited on the
 * organisation or user they are about.
 */
export class EuciAgreement {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
  ) {}

  /** Every organisation of the network, with its signature if any, named as on the signing day. */
  async signatories(): Promise<Signatory[]> {
    const names = await loadNameHistory(this.database.db);
    const rows = await this.database.db
      .selectFrom('organisations')
      .leftJoin('euci_signatories', 'euci_signatories.organisation_id', 'organisations.id')
      .select([
        'organisations.id as organisationId',
        'organisations.acronym',
        'organisations.name',
        'organisations.kind',
        'euci_signatories.signed_on as signedOn',
      ])
      .orderBy('organisations.kind')
      .orderBy('organisations.acronym')
      .execute();
    return rows.map((row) => {
      if (row.signedOn === null) return row;
      const name = names.on(row.organisationId, row.acronym, row.signedOn);
      return name.now === null ? row : { ...row, acronymOnDate: name.acronym };
    });
  }

  /** Asks for an organisation's signature of the agreement to be recorded; a second administrator confirms it. */
  async requestSignature(
    caller: EuciCaller,
    context: AuditContext,
    organisationId: string,
    signedOn: string,
  ): Promise<EuciRequest> {
    if (!isCalendarDate(signedOn) || signedOn > todayUtc())
      throw new ValidationError([
        { field: 'signedOn', message: 'Give the day it was signed, not in the future.' },
      ]);
    const id = randomUUID();
    await this.database.db.transaction().execute(async (trx) => {
      const organisation = await trx
        .selectFrom('organisations')
        .leftJoin('euci_signatories', 'euci_signatories.organisation_id', 'organisations.id')
        .select(['organisations.id', 'euci_signatories.signed_on as signedOn'])
        .where('organisations.id', '=', organisationId)
        .executeTakeFirst();
      if (!organisation) throw new NotFoundError('No such agency or body.');
      if (organisation.signedOn === signedOn)
        throw new ConflictError('This signature is recorded already.', 'no_change');
      await this.insertRequest(trx, caller, id, {
        kind: 'signature',
        organisation_id: organisationId,
        signed_on: signedOn,
      });
      await this.audit.record(trx, context, {
        action: 'euci.request',
        targetType: 'euci_agreement',
        targetId: organisationId,
        changes: { request: id, signedOn: { before: organisation.signedOn, after: signedOn } },
      });
    });
    return this.request(id);
  }

  /**
   * Records that an organisation left the agreement. Its users lose access to EUCI at once:
   * the visibility rule reads the signature on every request. Narrowing access needs no second
   * administrator.
   */
  async withdraw(context: AuditContext, organisationId: string): Promise<Signatory[]> {
    await this.database.db.transaction().execute(async (trx) => {
      const removed = await trx
        .deleteFrom('euci_signatories')
        .where('organisation_id', '=', organisationId)
        .returning('signed_on')
        .executeTakeFirst();
      if (!removed) throw new NotFoundError('This organisation has not signed the agreement.');
      await this.audit.record(trx, context, {
        action: 'euci.withdraw',
        targetType: 'euci_agreement',
        targetId: organisationId,
        changes: { signedOn: { before: removed.signed_on, after: null } },
      });
    });
    return this.signatories();
  }

  async clearances(): Promise<Clearance[]> {
    const rows = await this.database.db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select([
        'users.id',
        'users.name',
        'users.email',
        'organisations.acronym',
        'users.clearance_level',
        'users.euci_briefed_on',
        'users.version',
      ])
      .where('users.disabled_at', 'is', null)
      .orderBy('organisations.acronym')
      .orderBy('users.name')
      .execute();
    return rows.map((r) => ({
      userId: r.id,
      name: r.name,
      email: r.email,
      organisation: r.acronym,
      clearance: clearanceNameOf(r.clearance_level),
      clearanceLabel: r.clearance_level === null ? 'None' : classificationLabel(r.clearance_level),
      briefedOn: r.euci_briefed_on,
      version: r.version,
    }));
  }

  /**
   * Changes a user's clearance and briefing: at once when the change widens nothing (a lower
   * level, a briefing removed, or nothing new), else as a request a second administrator confirms.
   */
  async setClearance(
    caller: EuciCaller,
    context: AuditContext,
    userId: string,
    input: { clearance: ClearanceName; briefedOn: string | null },
  ): Promise<ClearanceChange> {
    const errors: FieldError[] = [];
    if (!clearanceNames.includes(input.clearance))
      errors.push({ field: 'clearance', message: `Choose one of ${clearanceNames.join(', ')}.` });
    if (
      input.briefedOn !== null &&
      (!isCalendarDate(input.briefedOn) || input.briefedOn > todayUtc())
    )
      errors.push({
        field: 'briefedOn',
        message: 'Give the day of the briefing, not in the future.',
      });
    if (input.clearance !== 'none' && input.briefedOn === null)
      errors.push({
        field: 'briefedOn',
        message: 'A security clearance gives access only with a briefing: record its date.',
      });
    if (errors.length > 0) throw new ValidationError(errors);
    const after = { level: levelOf(input.clearance), briefedOn: input.briefedOn };
    const id = randomUUID();
    const requested = await this.database.db.transaction().execute(async (trx) => {
      const user = await trx
        .selectFrom('users')
        .select(['clearance_level', 'euci_briefed_on', 'version'])
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!user) throw new NotFoundError('No such user.');
      const before = { level: user.clearance_level, briefedOn: user.euci_briefed_on };
      const changes = {
        clearance: { before: clearanceNameOf(before.level), after: input.clearance },
        briefedOn: { before: before.briefedOn, after: after.briefedOn },
      };
      if (widensAccess(before, after)) {
        await this.insertRequest(trx, caller, id, {
          kind: 'clearance',
          user_id: userId,
          clearance_level: after.level,
          briefed_on: after.briefedOn,
        });
        await this.audit.record(trx, context, {
          action: 'euci.request',
          targetType: 'user',
          targetId: userId,
          changes: { request: id, ...changes },
        });
        return true;
      }
      if (before.level === after.level && before.briefedOn === after.briefedOn) return false;
      await this.applyClearance(trx, userId, after, user.version);
      await this.audit.record(trx, context, {
        action: 'user.clearance',
        targetType: 'user',
        targetId: userId,
        changes,
      });
      return false;
    });
    if (requested) return { applied: false, request: await this.request(id) };
    const current = (await this.clearances()).find((c) => c.userId === userId);
    if (!current) throw new NotFoundError('No such user.');
    return { applied: true, clearance: current };
  }

  /** Requests waiting for a second administrator, oldest first. */
  async pending(): Promise<EuciRequest[]> {
    const rows = await requestsQuery(this.database.db)
      .where('euci_requests.status', '=', 'pending')
      .orderBy('euci_requests.requested_at')
      .orderBy('euci_requests.id')
      .execute();
    return rows.map(toRequest);
  }

  async request(id: string): Promise<EuciRequest> {
    const row = await requestsQuery(this.database.db)
      .where('euci_requests.id', '=', id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('No such request.');
    return toRequest(row);
  }

  /**
   * Confirms a pending request, which then takes effect: an administrator of another
   * organisation than the requester's, who does not gain by it (see `confirmationRefusal`).
   */
  async confirm(caller: EuciCaller, context: AuditContext, id: string): Promise<EuciRequest> {
    await this.database.db.transaction().execute(async (trx) => {
      const request = await this.decide(trx, caller, id, 'confirmed');
      if (request.kind === 'signature') {
        const organisationId = request.organisationId ?? '';
        const signedOn = request.signedOn ?? '';
        const before = await trx
          .selectFrom('euci_signatories')
          .select('signed_on')
          .where('organisation_id', '=', organisationId)
          .executeTakeFirst();
        const values = {
          signed_on: signedOn,
          recorded_by: request.requestedById,
          recorded_at: new Date().toISOString(),
        };
        if (before)
          await trx
            .updateTable('euci_signatories')
            .set(values)
            .where('organisation_id', '=', organisationId)
            .execute();
        else
          await trx
            .insertInto('euci_signatories')
            .values({ organisation_id: organisationId, ...values })
            .execute();
        await this.audit.record(trx, context, {
          action: 'euci.confirm',
          targetType: 'euci_agreement',
          targetId: organisationId,
          changes: {
            request: id,
            requestedBy: request.requestedBy,
            signedOn: { before: before?.signed_on ?? null, after: signedOn },
          },
        });
        return;
      }
      const userId = request.userId ?? '';
      const user = await trx
        .selectFrom('users')
        .select(['clearance_level', 'euci_briefed_on', 'version'])
        .where('id', '=', userId)
        .executeTakeFirstOrThrow();
      const after = { level: levelOf(request.clearance ?? 'none'), briefedOn: request.briefedOn };
      await this.applyClearance(trx, userId, after, user.version);
      await this.audit.record(trx, context, {
        action: 'euci.confirm',
        targetType: 'user',
        targetId: userId,
        changes: {
          request: id,
          requestedBy: request.requestedBy,
          clearance: { before: clearanceNameOf(user.clearance_level), after: request.clearance },
          briefedOn: { before: user.euci_briefed_on, after: request.briefedOn },
        },
      });
    });
    return this.request(id);
  }

  /** Rejects a pending request: nothing changes. Any administrator may, the requester included. */
  async reject(caller: EuciCaller, context: AuditContext, id: string): Promise<EuciRequest> {
    await this.database.db.transaction().execute(async (trx) => {
      const request = await this.decide(trx, caller, id, 'rejected');
      await this.audit.record(trx, context, {
        action: 'euci.reject',
        targetType: request.kind === 'signature' ? 'euci_agreement' : 'user',
        targetId: request.kind === 'signature' ? request.organisationId : request.userId,
        changes: { request: id, requestedBy: request.requestedBy },
      });
    });
    return this.request(id);
  }

  /** A new pending request; at most one is pending per organisation or user. */
  private async insertRequest(
    trx: Trx,
    caller: EuciCaller,
    id: string,
    what:
      | { kind: 'signature'; organisation_id: string; signed_on: string }
      | {
          kind: 'clearance';
          user_id: string;
          clearance_level: number | null;
          briefed_on: string | null;
        },
  ): Promise<void> {
    const requester = caller.kind === 'administrator' ? caller.actor : null;
    // The partial unique index on pending requests makes a second one a no-op, even when two
    // are made at the same moment.
    const inserted = await trx
      .insertInto('euci_requests')
      .values({
        id,
        organisation_id: null,
        user_id: null,
        signed_on: null,
        clearance_level: null,
        briefed_on: null,
        ...what,
        requested_by: requester?.userId ?? null,
        requested_by_organisation: requester?.organisationId ?? null,
        requested_at: new Date().toISOString(),
        status: 'pending',
        decided_by: null,
        decided_at: null,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1)
      throw new ConflictError(
        'A change of this is already waiting for confirmation: confirm or reject it first.',
        'already_pending',
      );
  }

  /**
   * Closes a pending request as confirmed or rejected, in one conditional statement so that of
   * two decisions at once exactly one wins; a confirmation first passes the four-eyes rule.
   */
  private async decide(
    trx: Trx,
    caller: EuciCaller,
    id: string,
    outcome: 'confirmed' | 'rejected',
  ): Promise<EuciRequest> {
    const row = await requestsQuery(trx).where('euci_requests.id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('No such request.');
    const request = toRequest(row);
    if (request.status !== 'pending')
      throw new ConflictError(`This request was ${request.status} already.`, 'not_pending');
    if (outcome === 'confirmed' && caller.kind === 'administrator') {
      const refusal = confirmationRefusal(caller.actor, request);
      if (refusal) throw new AppError('four_eyes', 403, refusalMessages[refusal]);
    }
    const decided = await trx
      .updateTable('euci_requests')
      .set({
        status: outcome,
        decided_by: caller.kind === 'administrator' ? caller.actor.userId : null,
        decided_at: new Date().toISOString(),
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(decided.numUpdatedRows) !== 1)
      throw new ConflictError('This request was decided already.', 'not_pending');
    return request;
  }

  private async applyClearance(
    trx: Trx,
    userId: string,
    clearance: { level: number | null; briefedOn: string | null },
    version: number,
  ): Promise<void> {
    await trx
      .updateTable('users')
      .set({
        clearance_level: clearance.level,
        euci_briefed_on: clearance.briefedOn,
        version: version + 1,
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', userId)
      .execute();
  }
}
