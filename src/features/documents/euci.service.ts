import type { Actor } from '../../app/access.js';
import { isCalendarDate, todayUtc } from '../../app/dates.js';
import { NotFoundError, ValidationError, type FieldError } from '../../app/errors.js';
import type { Database } from '../../db/database.js';
import { euciCeilingNames, type ClassificationName } from '../../db/schema.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { AuditContext } from '../audit/audit.events.js';
import { classificationLabel, classificationLevel, classificationName } from './markings.js';

export interface Signatory {
  organisationId: string;
  acronym: string;
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
 * The multilateral agreement on the exchange of EU classified information (who signed it, when)
 * and the personal side of access to EUCI: each user's security clearance and briefing.
 */
export class EuciAgreement {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
  ) {}

  /** Every organisation of the network, with its signature if any. */
  async signatories(): Promise<Signatory[]> {
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
    return rows;
  }

  async sign(
    context: AuditContext,
    organisationId: string,
    signedOn: string,
  ): Promise<Signatory[]> {
    const errors: FieldError[] = [];
    if (!isCalendarDate(signedOn) || signedOn > todayUtc())
      errors.push({ field: 'signedOn', message: 'Give the day it was signed, not in the future.' });
    if (errors.length > 0) throw new ValidationError(errors);
    await this.database.db.transaction().execute(async (trx) => {
      const organisation = await trx
        .selectFrom('organisations')
        .leftJoin('euci_signatories', 'euci_signatories.organisation_id', 'organisations.id')
        .select(['organisations.id', 'euci_signatories.signed_on as signedOn'])
        .where('organisations.id', '=', organisationId)
        .executeTakeFirst();
      if (!organisation) throw new NotFoundError('No such agency or body.');
      const values = {
        signed_on: signedOn,
        recorded_by: context.actor?.userId ?? null,
        recorded_at: new Date().toISOString(),
      };
      if (organisation.signedOn === null)
        await trx
          .insertInto('euci_signatories')
          .values({ organisation_id: organisationId, ...values })
          .execute();
      else
        await trx
          .updateTable('euci_signatories')
          .set(values)
          .where('organisation_id', '=', organisationId)
          .execute();
      await this.audit.record(trx, context, {
        action: 'euci.sign',
        targetType: 'euci_agreement',
        targetId: organisationId,
        changes: { signedOn: { before: organisation.signedOn, after: signedOn } },
      });
    });
    return this.signatories();
  }

  /**
   * Records that an organisation left the agreement. Its users lose access to EUCI at once:
   * the visibility rule reads the signature on every request.
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
      clearance: (r.clearance_level === null
        ? 'none'
        : classificationName(r.clearance_level)) as ClearanceName,
      clearanceLabel: r.clearance_level === null ? 'None' : classificationLabel(r.clearance_level),
      briefedOn: r.euci_briefed_on,
      version: r.version,
    }));
  }

  async setClearance(
    actor: Actor,
    context: AuditContext,
    userId: string,
    input: { clearance: ClearanceName; briefedOn: string | null },
  ): Promise<Clearance> {
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
    const level =
      input.clearance === 'none'
        ? null
        : classificationLevel(input.clearance satisfies ClassificationName);
    await this.database.db.transaction().execute(async (trx) => {
      const user = await trx
        .selectFrom('users')
        .select(['clearance_level', 'euci_briefed_on', 'version'])
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!user) throw new NotFoundError('No such user.');
      await trx
        .updateTable('users')
        .set({
          clearance_level: level,
          euci_briefed_on: input.briefedOn,
          version: user.version + 1,
          updated_at: new Date().toISOString(),
        })
        .where('id', '=', userId)
        .execute();
      await this.audit.record(trx, context, {
        action: 'user.clearance',
        targetType: 'user',
        targetId: userId,
        changes: {
          clearance: {
            before: user.clearance_level === null ? 'none' : euciCeilingNames[user.clearance_level],
            after: input.clearance,
          },
          briefedOn: { before: user.euci_briefed_on, after: input.briefedOn },
          by: actor.email,
        },
      });
    });
    const updated = (await this.clearances()).find((c) => c.userId === userId);
    if (!updated) throw new NotFoundError('No such user.');
    return updated;
  }
}
