import assert from 'node:assert/strict';
import { after, before, describe, test } from '../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../test/support/platform.js';
import {
  paperExpertMeetingAims,
  paperInternetPerspectives,
  paperSections2017,
} from '../test/support/paper-2017.js';
import type { FrameworkSummary, FrameworkView } from './features/priorities/priorities.service.js';

/** The agencies' former names, from their founding acts and renamings (until: the renaming day). */
const formerNames: Record<string, { acronym: string; until: string }[]> = {
  EUDA: [{ acronym: 'EMCDDA', until: '2024-07-02' }],
  EUAA: [{ acronym: 'EASO', until: '2022-01-19' }],
};

function namedOn(acronym: string, day: string): string {
  return formerNames[acronym]?.find((name) => day < name.until)?.acronym ?? acronym;
}

describe('the demo is faithful to the 2017 paper and to its time', () => {
  let platform: TestPlatform;
  let member: Session;

  before(async () => {
    platform = await testPlatform({ demo: true });
    member = await platform.session('member', 'Europol');
  });
  after(() => platform.close());

  async function priorities2017(): Promise<FrameworkView> {
    const response = await platform.request({ url: '/api/priorities/2017', as: member });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<FrameworkView>();
  }

  test('the 2017 priorities have the sections and lines of action of the paper, word for word', async () => {
    const framework = await priorities2017();
    assert.deepEqual(
      framework.sections.map((s) => [s.number, s.title, s.lines.length]),
      paperSections2017.map((s) => [s.number, s.title, s.lines.length]),
    );
    assert.equal(
      framework.sections.reduce((n, s) => n + s.lines.length, 0),
      46,
    );
    for (const paper of paperSections2017) {
      const stored = framework.sections.find((s) => s.number === paper.number);
      assert.deepEqual(
        stored?.lines.map((l) => [l.number, l.text]),
        paper.lines.map((text, index) => [index + 1, text]),
        `the lines of ${paper.number}`,
      );
    }
  });

  test('section 1.3 reads as the paper: each introducing sentence is followed by its list', async () => {
    const internet = (await priorities2017()).sections.find((s) => s.number === '1.3');
    const lists = internet?.context.filter((p) => typeof p !== 'string');
    assert.deepEqual(lists, [
      {
        text: 'Internet resources create a range of opportunities and challenges that need to be addressed in a systematic way. It is important to note that the internet is a broad topic that can be approached from a number of different perspectives, based on the relevance of its functions:',
        items: paperInternetPerspectives,
      },
      { text: 'The meeting will be organised to:', items: paperExpertMeetingAims },
    ]);
    const page = await platform.request({ url: '/priorities/2017', as: member });
    assert.match(
      page.body,
      /based on the relevance of its functions:<\/p><ul class="ecl-unordered-list[^"]*"><li class="ecl-unordered-list__item">Internet as information repository/,
    );
    assert.match(
      page.body,
      /The meeting will be organised to:<\/p><ul class="ecl-unordered-list[^"]*"><li class="ecl-unordered-list__item">exchange experiences of JHA agencies/,
    );
  });

  test('the "Please note" paragraph follows the outlook and comes before the first section', async () => {
    const framework = await priorities2017();
    assert.equal(
      framework.outlookNote,
      'Please note: This paper does not aim to provide an exhaustive list of all multilateral activities, as these will be outlined in detail in the scorecard to be developed by the network in 2017.',
    );
    assert.ok(!framework.introduction.some((p) => p.startsWith('Please note')));
    const page = (await platform.request({ url: '/priorities/2017', as: member })).body;
    const lastOutlook = page.indexOf('Communicate the work of the network');
    const note = page.indexOf('Please note: This paper');
    const firstSection = page.indexOf('1.1 Migration, asylum and border management</h3>');
    assert.ok(lastOutlook > 0 && lastOutlook < note && note < firstSection);
  });

  test('the 2017 chair is named as it was in 2017, with its name of today beside it', async () => {
    const framework = await priorities2017();
    assert.equal(framework.chairAcronym, 'EMCDDA');
    assert.equal(framework.chairAcronymNow, 'EUDA');
    const list = await platform.request({ url: '/api/priorities', as: member });
    const summary = list.json<FrameworkSummary[]>().find((v) => v.year === 2017);
    assert.equal(summary?.chairAcronym, 'EMCDDA');
    for (const url of ['/priorities', '/priorities/2017']) {
      const page = await platform.request({ url, as: member });
      assert.match(page.body, /EMCDDA \(now EUDA\)/, url);
      assert.doesNotMatch(page.body, /Chair: EUDA/, url);
    }
  });

  test('every demo document is numbered under its originator’s name of the day it was registered', async () => {
    const documents = await platform.services.database.db
      .selectFrom('documents')
      .innerJoin('organisations', 'organisations.id', 'documents.originator_organisation_id')
      .select(['documents.registration_number', 'documents.registered_on', 'organisations.acronym'])
      .execute();
    assert.ok(documents.length >= 12);
    for (const document of documents) {
      const expected = namedOn(document.acronym, document.registered_on)
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '');
      assert.match(
        document.registration_number,
        new RegExp(`^${expected}-${document.registered_on.slice(0, 4)}-\\d{5}$`),
      );
    }
    assert.ok(documents.some((d) => d.registration_number.startsWith('EMCDDA-2017-')));
    assert.ok(documents.some((d) => d.registration_number.startsWith('EASO-2017-')));
    assert.ok(!documents.some((d) => /^(EUDA|EUAA)-2017-/.test(d.registration_number)));
  });

  /** What a dated record should carry: the acronym of its date, only when it is not today's. */
  function onDate(acronym: string, day: string): string | undefined {
    const then = namedOn(acronym, day);
    return then === acronym ? undefined : then;
  }

  test('every dated record of the demo names its agencies as they were named on its date', async () => {
    const secretariat = await platform.session('admin');
    const seen = new Set<string>();
    const expectNamed = (
      record: string,
      organisation: { acronym: string; acronymOnDate?: string },
      day: string,
    ) => {
      assert.equal(organisation.acronymOnDate, onDate(organisation.acronym, day), record);
      if (organisation.acronymOnDate)
        seen.add(`${record.split(' ')[0]} ${organisation.acronymOnDate}`);
    };

    type Ref = { id: string; acronym: string; acronymOnDate?: string };
    const scorecard = await platform.request({
      url: '/api/scorecard?year=2017&pageSize=200',
      as: secretariat,
    });
    assert.equal(scorecard.statusCode, 200, scorecard.body);
    const activities = scorecard.json<{
      items: {
        title: string;
        plannedStart: string;
        lead: Ref;
        participants: Ref[];
        partners: Ref[];
      }[];
    }>().items;
    assert.equal(activities.length, 45);
    for (const activity of activities) {
      for (const organisation of [activity.lead, ...activity.participants, ...activity.partners])
        expectNamed(`activity ${activity.title}`, organisation, activity.plannedStart);
    }

    const meetings = await platform.request({ url: '/api/meetings?pageSize=200', as: secretariat });
    assert.equal(meetings.statusCode, 200, meetings.body);
    const meetingItems = meetings.json<{
      items: { id: string; localStart: string; hostAcronym: string; hostAcronymOnDate?: string }[];
    }>().items;
    assert.ok(meetingItems.filter((m) => m.localStart.startsWith('2017-')).length >= 8);
    for (const meeting of meetingItems) {
      expectNamed(
        `meeting ${meeting.id}`,
        {
          acronym: meeting.hostAcronym,
          ...(meeting.hostAcronymOnDate ? { acronymOnDate: meeting.hostAcronymOnDate } : {}),
        },
        meeting.localStart,
      );
      const detail = await platform.request({
        url: `/api/meetings/${meeting.id}`,
        as: secretariat,
      });
      assert.equal(detail.statusCode, 200, detail.body);
      for (const invited of detail.json<{ invitations: Ref[] }>().invitations)
        expectNamed(`invitation ${meeting.id}`, invited, meeting.localStart);
    }

    const documents = await platform.request({
      url: '/api/documents?pageSize=200',
      as: secretariat,
    });
    assert.equal(documents.statusCode, 200, documents.body);
    const documentItems = documents.json<{ items: { registeredOn: string; originator: Ref }[] }>()
      .items;
    assert.ok(documentItems.length > 0);
    for (const document of documentItems)
      expectNamed(`document ${document.registeredOn}`, document.originator, document.registeredOn);

    const signatures = await platform.request({ url: '/api/euci-agreement', as: secretariat });
    assert.equal(signatures.statusCode, 200, signatures.body);
    const signed = signatures
      .json<{ acronym: string; acronymOnDate?: string; signedOn: string | null }[]>()
      .filter((s) => s.signedOn !== null);
    assert.equal(signed.length, 6);
    for (const signatory of signed)
      expectNamed(`signature ${signatory.acronym}`, signatory, signatory.signedOn ?? '');

    for (const named of ['activity EMCDDA', 'meeting EMCDDA', 'document EMCDDA', 'document EASO'])
      assert.ok(seen.has(named), `some ${named} of 2017`);
  });

  test('pages name the agencies of 2017 records as then, with today’s name beside', async () => {
    const db = platform.services.database.db;
    const activity = await db
      .selectFrom('scorecard_activities')
      .innerJoin('organisations', 'organisations.id', 'scorecard_activities.lead_organisation_id')
      .select('scorecard_activities.id')
      .where('organisations.acronym', '=', 'EUDA')
      .where('scorecard_activities.year', '=', 2017)
      .executeTakeFirstOrThrow();
    const meeting = await db
      .selectFrom('meetings')
      .select('id')
      .where('title', 'like', '1st JHA%')
      .executeTakeFirstOrThrow();
    const document = await db
      .selectFrom('documents')
      .select('id')
      .where('registration_number', 'like', 'EASO-2017-%')
      .executeTakeFirstOrThrow();
    const secretariat = await platform.session('admin');
    for (const [url, expected] of [
      ['/scorecard?year=2017', /EMCDDA \(now EUDA\)/],
      [`/scorecard/activities/${activity.id}`, /EMCDDA \(now EUDA\): European Union Drugs Agency/],
      ['/meetings?year=2017', /EMCDDA \(now EUDA\)/],
      [`/meetings/${meeting.id}`, /EMCDDA \(now EUDA\)/],
      ['/documents', /EASO \(now EUAA\)/],
      [`/documents/${document.id}`, /EASO \(now EUAA\)/],
      ['/euci', /\((now EUDA|now EUAA)\)|EMCDDA|EASO/],
    ] as const) {
      const page = await platform.request({ url, as: secretariat });
      assert.equal(page.statusCode, 200, url);
      assert.match(page.body, expected, url);
    }
  });

  test('ENISA keeps its name of before the 2019 renaming', async () => {
    const enisa = await platform.services.network.get('ENISA');
    assert.deepEqual(
      enisa.formerNames.map((n) => [n.name, n.validUntil]),
      [['European Union Agency for Network and Information Security', '2019-06-27']],
    );
  });

  test('the bodies and groups the paper names are there, each with its kind', async () => {
    const expected: [string, string][] = [
      ['High Level Expert Group on Information Systems and Interoperability', 'network'],
      ['High Level Group on Interoperability and Interconnectivity', 'network'],
      ['European Multidisciplinary Platform Against Criminal Threats', 'network'],
      ["Inter-Agency ICT Managers' Network", 'network'],
      ['Delegations of the European Union in third countries', 'eeas'],
      ['European Migration Liaison Officers', 'network'],
      ['Common Security and Defence Policy missions', 'eeas'],
      ['EU contact group of agencies on trafficking in human beings', 'network'],
      ["JHA agencies' coordination group on trafficking in human beings", 'network'],
      ['National authorities of the Member States', 'national'],
    ];
    const bodies = await platform.services.database.db
      .selectFrom('organisations')
      .select(['name', 'category'])
      .where('kind', '=', 'body')
      .execute();
    for (const [name, category] of expected) {
      assert.deepEqual(
        bodies.find((b) => b.name === name),
        { name, category },
        name,
      );
    }
  });

  test('reports to COSI and to the LIBE committee are owed at the beginning and at the end of 2017', async () => {
    const obligations = await platform.services.database.db
      .selectFrom('report_obligations')
      .innerJoin(
        'organisations',
        'organisations.id',
        'report_obligations.recipient_organisation_id',
      )
      .select(['organisations.acronym', 'report_obligations.period', 'report_obligations.due_on'])
      .where('report_obligations.year', '=', 2017)
      .orderBy('report_obligations.due_on')
      .orderBy('organisations.acronym')
      .execute();
    assert.deepEqual(
      obligations.map((o) => `${o.acronym} ${o.period} ${o.due_on ?? ''}`),
      [
        'COSI beginning 2017-03-31',
        'LIBE Secretariat beginning 2017-03-31',
        'COSI end 2017-12-31',
        'LIBE Secretariat end 2017-12-31',
      ],
    );
  });

  test('the meetings of 2017 that took place show as held', async () => {
    const page = await platform.request({ url: '/meetings?year=2017', as: member });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Held/);
    assert.doesNotMatch(page.body, />Scheduled</);
  });

  test('a demo activity carries a discreet "illustrative" tag on its page', async () => {
    const activity = await platform.services.database.db
      .selectFrom('scorecard_activities')
      .select('id')
      .where('title', '=', "JHA agencies' toolbox on migration")
      .executeTakeFirstOrThrow();
    const page = await platform.request({
      url: `/scorecard/activities/${activity.id}`,
      as: member,
    });
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /<span class="jh-tag" title="Not stated in the 2017 paper[^"]*">illustrative<\/span>/,
    );
  });

  test('a demo document and the demo signatures carry the "illustrative" tag; meetings, from the paper, do not', async () => {
    const admin = await platform.session('admin');
    const db = platform.services.database.db;
    const document = await db
      .selectFrom('documents')
      .select('id')
      .where('registration_number', 'like', 'EASO-2017-%')
      .executeTakeFirstOrThrow();
    const meeting = await db
      .selectFrom('meetings')
      .select('id')
      .where('title', '=', '1st JHA network meeting')
      .executeTakeFirstOrThrow();
    const tag =
      /<span class="jh-tag" title="Not stated in the 2017 paper[^"]*">illustrative<\/span>/g;
    const documentPage = await platform.request({ url: `/documents/${document.id}`, as: admin });
    assert.equal(documentPage.statusCode, 200);
    assert.equal(documentPage.body.match(tag)?.length, 1);
    const euci = await platform.request({ url: '/euci', as: admin });
    assert.equal(euci.body.match(tag)?.length, 6, 'one per signature');
    const meetingPage = await platform.request({ url: `/meetings/${meeting.id}`, as: admin });
    assert.equal(meetingPage.statusCode, 200);
    assert.doesNotMatch(meetingPage.body, tag);
  });

  test('the 2017 priorities were agreed at the 1st network meeting, named with its days, not a single day', async () => {
    const meeting = await platform.services.database.db
      .selectFrom('meetings')
      .select('id')
      .where('title', '=', '1st JHA network meeting')
      .executeTakeFirstOrThrow();
    const page = await platform.request({ url: '/priorities/2017', as: member });
    assert.ok(
      page.body.includes(
        `Agreed at the <a class="ecl-link" href="/meetings/${meeting.id}">1st JHA network meeting (9–10 February 2017)</a>.`,
      ),
    );
    assert.doesNotMatch(page.body, /Agreed on 9 February 2017/);
  });

  test('every demo record says where its facts come from: a section of the paper, or illustrative', async () => {
    const db = platform.services.database.db;
    const sources = await db.selectFrom('record_sources').selectAll().execute();
    const sourceOf = (type: string, id: string) =>
      sources.find((s) => s.record_type === type && s.record_id === id)?.source;
    for (const { id } of await db.selectFrom('scorecard_activities').select('id').execute())
      assert.equal(sourceOf('scorecard_activity', id), 'illustrative');
    for (const { id } of await db.selectFrom('documents').select('id').execute())
      assert.equal(sourceOf('document', id), 'illustrative');
    for (const { organisation_id } of await db
      .selectFrom('euci_signatories')
      .select('organisation_id')
      .execute())
      assert.equal(sourceOf('euci_signature', organisation_id), 'illustrative');
    for (const { id } of await db.selectFrom('meetings').select('id').execute())
      assert.equal(sourceOf('meeting', id), '3');
    // The final report is asked for where the expert meeting is (1.3), the others in 2.4.
    for (const { id, kind } of await db
      .selectFrom('report_obligations')
      .select(['id', 'kind'])
      .execute())
      assert.equal(sourceOf('report_obligation', id), kind === 'final' ? '1.3' : '2.4');
  });
});
