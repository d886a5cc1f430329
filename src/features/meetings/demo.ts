import demo from './demo-meetings-2017.json' with { type: 'json' };
import type { Actor } from '../../app/access.js';
import type { Services } from '../../app/services.js';
import type { MeetingKind } from '../../db/schema.js';
import { systemContext } from '../audit/audit.events.js';

interface DemoMeeting {
  kind: string;
  title: string;
  start: string;
  end: string;
  description: string;
  invite: string[];
  city?: string;
  venue?: string;
  timeZone?: string;
  agendaPublished?: boolean;
  reportInFinalReport?: boolean;
  speakers?: { name: string; topic: string }[];
  agenda?: {
    start: string;
    end: string;
    title: string;
    presenter: string;
    priorityLines?: string[];
  }[];
  decisions?: string[];
}

/**
 * The network's 2017 calendar from the paper (section 3), seeded with the demo network: eight
 * meetings, seven at the EMCDDA's premises in Lisbon and one in Brussels. Returns the number of
 * meetings seeded; none when there are meetings already.
 */
export async function seedDemoMeetings(services: Services): Promise<number> {
  const { database, meetings, network } = services;
  const existing = await database.db
    .selectFrom('meetings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (existing.n > 0) return 0;
  const host = await network.get(demo.host);
  // The seed acts as the secretariat of the 2017 chair; the audit records it as the system.
  const seeder: Actor = {
    userId: 'demo-seed',
    email: 'system',
    name: 'system',
    organisationId: host.id,
    organisationAcronym: host.acronym,
    role: 'admin',
    locale: null,
    via: { kind: 'token', tokenId: 'demo-seed' },
  };
  const idOf = async (acronym: string) => (await network.get(acronym)).id;
  const agencyIds = await Promise.all(demo.agencies.map(idOf));
  const lineKeys = await services.priorities.agreedLineCodes(2017);
  for (const entry of demo.meetings as DemoMeeting[]) {
    const invited = [...agencyIds, ...(await Promise.all(entry.invite.map(idOf)))];
    const meeting = await meetings.create(seeder, systemContext, {
      kind: entry.kind as MeetingKind,
      title: entry.title,
      description: entry.description,
      hostOrganisationId: host.id,
      venue: entry.venue ?? demo.venue,
      city: entry.city ?? demo.city,
      timeZone: entry.timeZone ?? demo.timeZone,
      start: entry.start,
      end: entry.end,
      invitedOrganisationIds: invited.filter((id) => id !== host.id),
    });
    for (const speaker of entry.speakers ?? []) {
      await meetings.addParticipant(seeder, systemContext, meeting.id, {
        kind: 'speaker',
        name: speaker.name,
        topic: speaker.topic,
      });
    }
    for (const item of entry.agenda ?? []) {
      await meetings.addAgendaItem(seeder, systemContext, meeting.id, {
        ...item,
        priorityLineKeys: (item.priorityLines ?? []).map((label) => {
          const line = lineKeys.get(label);
          if (!line) throw new Error(`demo meetings name an unknown priority line: ${label}`);
          return line.key;
        }),
      });
    }
    if (entry.agendaPublished) await meetings.publishAgenda(seeder, systemContext, meeting.id);
    for (const decision of entry.decisions ?? []) {
      await meetings.addDecision(seeder, systemContext, meeting.id, decision);
    }
    if (entry.reportInFinalReport) {
      const current = await meetings.get(seeder, meeting.id);
      await meetings.updateOutcomes(
        seeder,
        systemContext,
        meeting.id,
        { reportInFinalReport: true },
        current.version,
      );
    }
  }
  return demo.meetings.length;
}
