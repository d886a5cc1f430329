import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';
import type { PriorityStatus } from '../../db/schema.js';

const WORD = 'Zanzibarite';

interface Group {
  kind: string;
  total: number;
  items: { title: string; href: string; snippet: string | null }[];
  lists: { href: string; total: number; year: number | null }[];
}
interface Result {
  q: string;
  groups: Group[];
  marking: { line: string } | null;
}

const VISIBLE = {
  agreedLine: `${WORD} exchange of liaison officers across the agencies`,
  released: `${WORD} joint training released to observers`,
  meeting: `${WORD} expert meeting on smuggling`,
  networkDocument: `${WORD} network situation report`,
};
const HIDDEN = {
  draftLine: `${WORD} draft line nobody but the secretariat reads`,
  unreleased: `${WORD} operational analysis not released`,
  otherMeeting: `${WORD} meeting between two other agencies`,
  ownDocument: `${WORD} note kept by its originator`,
};

describe('search across priorities, activities, meetings and documents', () => {
  let platform: TestPlatform;
  let admin: Session;
  let europolContact: Session;
  let europolMember: Session;
  let frontexMember: Session;
  let observer: Session;

  const idOf = async (acronym: string) => (await platform.services.network.get(acronym)).id;

  /** A version of the priorities of a year in a status, with one line, straight into the database. */
  async function addLine(year: number, status: PriorityStatus, text: string): Promise<void> {
    const now = new Date().toISOString();
    const frameworkId = randomUUID();
    const sectionId = randomUUID();
    const db = platform.services.database.db;
    await db
      .insertInto('priority_frameworks')
      .values({
        id: frameworkId,
        year,
        version: 1,
        status,
        title: `Priorities ${String(year)}`,
        chair_organisation_id: null,
        introduction: '[]',
        agreed_on: null,
        agreed_at: null,
        based_on_id: null,
        row_version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await db
      .insertInto('priority_sections')
      .values({
        id: sectionId,
        framework_id: frameworkId,
        group_key: 'thematic',
        number: '1.1',
        title: 'Migration',
        objective: 'An objective',
        context: '[]',
        position: 1,
      })
      .execute();
    await db
      .insertInto('priority_lines')
      .values({ id: randomUUID(), section_id: sectionId, line_key: randomUUID(), number: 1, text })
      .execute();
  }

  async function addActivity(title: string, releasedToObservers: boolean): Promise<void> {
    const response = await platform.request({
      method: 'POST',
      url: '/api/activities',
      as: admin,
      body: {
        year: 2017,
        title,
        lines: ['1.1.3'],
        lead: 'Europol',
        kind: 'meeting',
        plannedStart: '2017-03-01',
        plannedEnd: '2017-06-30',
        releasedToObservers,
      },
    });
    assert.equal(response.statusCode, 201, response.body);
  }

  async function addMeeting(title: string, host: string, invited: string[]): Promise<void> {
    const response = await platform.request({
      method: 'POST',
      url: '/api/meetings',
      as: admin,
      body: {
        kind: 'expert',
        title,
        hostOrganisationId: await idOf(host),
        venue: 'Main building',
        city: 'Lisbon',
        timeZone: 'Europe/Lisbon',
        start: '2027-03-10T09:00',
        end: '2027-03-10T17:00',
        invitedOrganisationIds: await Promise.all(invited.map(idOf)),
      },
    });
    assert.equal(response.statusCode, 201, response.body);
  }

  async function addDocument(title: string, releasability: 'network' | 'originator') {
    const response = await platform.request({
      method: 'POST',
      url: '/api/documents',
      as: europolContact,
      body: {
        title,
        documentType: 'report',
        language: 'en',
        registeredOn: '2017-05-02',
        marking: { classification: 'none', releasability },
      },
    });
    assert.equal(response.statusCode, 201, response.body);
  }

  const search = async (as: Session, query: string) => {
    const response = await platform.request({ url: `/api/search?${query}`, as });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<Result>();
  };
  const group = (result: Result, kind: string) => {
    const found = result.groups.find((g) => g.kind === kind);
    assert.ok(found, `a group of ${kind}`);
    return found;
  };
  const titles = (result: Result) => result.groups.flatMap((g) => g.items.map((i) => i.title));

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    europolContact = await platform.session('contact', 'Europol');
    europolMember = await platform.session('member', 'Europol');
    frontexMember = await platform.session('member', 'Frontex');
    observer = await platform.session('observer', 'DG HOME');
    await addLine(2019, 'agreed', VISIBLE.agreedLine);
    await addLine(2020, 'draft', HIDDEN.draftLine);
    await addActivity(VISIBLE.released, true);
    await addActivity(HIDDEN.unreleased, false);
    await addMeeting(VISIBLE.meeting, 'EUDA', ['Europol', 'Frontex']);
    await addMeeting(HIDDEN.otherMeeting, 'EUDA', ['Europol']);
    await addDocument(VISIBLE.networkDocument, 'network');
    await addDocument(HIDDEN.ownDocument, 'originator');
  });
  after(() => platform.close());

  test('a member finds every kind, grouped, counted, with a link to each list', async () => {
    const result = await search(europolMember, `q=${WORD}`);
    assert.deepEqual(
      result.groups.map((g) => [g.kind, g.total]),
      [
        ['priority', 1],
        ['activity', 2],
        ['meeting', 2],
        ['document', 2],
      ],
    );
    assert.deepEqual(
      group(result, 'priority').items.map((i) => i.title),
      [VISIBLE.agreedLine],
    );
    assert.deepEqual(
      group(result, 'activity').lists.map((l) => [l.href, l.total, l.year]),
      [[`/scorecard?year=2017&q=${WORD}`, 2, 2017]],
    );
    assert.deepEqual(
      group(result, 'document').lists.map((l) => l.href),
      [`/documents?q=${WORD}`],
    );
    assert.deepEqual(
      group(result, 'meeting').lists.map((l) => l.href),
      [`/search?q=${WORD}&kind=meeting`],
    );
    const documentHit = group(result, 'document').items[0];
    assert.ok(documentHit?.href.startsWith('/documents/'));
  });

  test('a draft line, an unreleased activity, an uninvited meeting, an unreadable document are never found or counted', async () => {
    const everyHidden = Object.values(HIDDEN);
    const frontex = await search(frontexMember, `q=${WORD}`);
    assert.deepEqual(
      frontex.groups.map((g) => [g.kind, g.total]),
      [
        ['priority', 1],
        ['activity', 2],
        ['meeting', 1],
        ['document', 1],
      ],
    );
    for (const title of [HIDDEN.draftLine, HIDDEN.otherMeeting, HIDDEN.ownDocument])
      assert.ok(!titles(frontex).includes(title), title);
    const seenByObserver = await search(observer, `q=${WORD}`);
    assert.equal(group(seenByObserver, 'activity').total, 1);
    assert.deepEqual(
      group(seenByObserver, 'activity').items.map((i) => i.title),
      [VISIBLE.released],
    );
    for (const title of everyHidden) assert.ok(!titles(seenByObserver).includes(title), title);
    // Searching for words only hidden records hold finds nothing and counts nothing.
    for (const as of [frontexMember, observer]) {
      const hiddenOnly = await search(as, `q=${encodeURIComponent('nobody but the secretariat')}`);
      assert.ok(hiddenOnly.groups.every((g) => g.total === 0 && g.items.length === 0));
    }
    const pageForFrontex = await platform.request({ url: `/search?q=${WORD}`, as: frontexMember });
    assert.equal(pageForFrontex.statusCode, 200);
    for (const title of [HIDDEN.draftLine, HIDDEN.otherMeeting, HIDDEN.ownDocument])
      assert.ok(!pageForFrontex.body.includes(title), title);
    const admins = await search(admin, `q=${WORD}`);
    assert.equal(group(admins, 'priority').total, 2, 'the secretariat reads drafts');
  });

  test('one kind pages through its hits', async () => {
    const result = await search(europolMember, `q=${WORD}&kind=meeting&page=1`);
    assert.deepEqual(
      result.groups.map((g) => g.kind),
      ['meeting'],
    );
    assert.deepEqual(
      group(result, 'meeting')
        .items.map((i) => i.title)
        .sort(),
      [HIDDEN.otherMeeting, VISIBLE.meeting].sort(),
    );
  });

  test('the page groups the hits with counts and links; every page carries the search box', async () => {
    const page = await platform.request({ url: `/search?q=${WORD}`, as: europolMember });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Priority lines \(1\)/);
    assert.match(page.body, /Scorecard activities \(2\)/);
    assert.match(page.body, /Meetings \(2\)/);
    assert.match(page.body, /Documents \(2\)/);
    assert.match(page.body, new RegExp(`href="/scorecard\\?year=2017&amp;q=${WORD}"`));
    assert.match(page.body, new RegExp(`href="/documents\\?q=${WORD}"`));
    assert.ok(page.body.includes(VISIBLE.released));
    const home = await platform.request({ url: '/', as: observer });
    assert.match(
      home.body,
      /<form class="ecl-search-form ecl-site-header__search" id="jh-header-search-form" role="search"/,
    );
    assert.match(home.body, /action="\/search"/);
    const form = await platform.request({ url: '/search', as: observer });
    assert.equal(form.statusCode, 200);
  });

  test('empty, overlong and NUL queries answer 400', async () => {
    const long = 'a'.repeat(10_000);
    for (const query of ['q=', 'q=%20%20', `q=${long}`, 'q=a%00b', '', `q=${WORD}&kind=people`]) {
      const api = await platform.request({ url: `/api/search?${query}`, as: europolMember });
      assert.equal(api.statusCode, 400, `API ${query.slice(0, 20)}`);
    }
    for (const query of ['q=', 'q=%20%20', `q=${long}`, 'q=a%00b']) {
      const page = await platform.request({ url: `/search?${query}`, as: europolMember });
      assert.equal(page.statusCode, 400, `page ${query.slice(0, 20)}`);
    }
    assert.equal((await platform.request({ url: `/api/search?q=${WORD}` })).statusCode, 401);
  });
});
