import assert from 'node:assert/strict';
import { after, before, describe, test } from '../../../test/support/node-test.js';
import { testPlatform, type Session, type TestPlatform } from '../../../test/support/platform.js';

/** The detail links of a list page's table, in the order shown. */
function linkedAcronyms(html: string, base: string): string[] {
  const body = html.slice(html.indexOf('<tbody'), html.indexOf('</tbody>'));
  return [...body.matchAll(new RegExp(`href="${base}/([^"/]+)"`, 'g'))].map((m) =>
    decodeURIComponent(m[1] ?? ''),
  );
}

/** Text as a page's markup escapes it, read back. */
function unescaped(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

/** The value of a hidden or text input in a page's form. */
function inputValue(html: string, name: string): string {
  const match = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new Error(`no input ${name}`);
  return unescaped(match[1]);
}

/** The form fields of the edit page of an agency, as shown, ready to change and post back. */
function editForm(html: string, session: Session): Record<string, string> {
  const form: Record<string, string> = { _csrf: session.csrfToken };
  for (const name of ['version', '_base', 'acronym', 'name', 'hqCity', 'hqCountry', 'website']) {
    form[name] = inputValue(html, name);
  }
  form.establishedYear = /name="establishedYear"[^>]*value="(\d+)"/.exec(html)?.[1] ?? '';
  form.description = unescaped(/name="description"[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1] ?? '');
  form.renamedOn = '';
  const conflicts = /name="_conflicts" value="([^"]*)"/.exec(html)?.[1];
  if (conflicts) form._conflicts = conflicts;
  return form;
}

describe('network registry pages', () => {
  let platform: TestPlatform;
  let admin: Session;
  let member: Session;

  before(async () => {
    platform = await testPlatform();
    admin = await platform.session('admin', 'EUDA');
    member = await platform.session('member', 'Europol');
  });
  after(() => platform.close());

  const auditTotal = async () => (await platform.services.audit.list({}, 1, 1)).total;

  test('lists the nine member agencies with their former names', async () => {
    const response = await platform.request({ url: '/agencies', as: member });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
    assert.deepEqual(linkedAcronyms(response.body, '/agencies'), [
      'CEPOL',
      'EIGE',
      'eu-LISA',
      'EUAA',
      'EUDA',
      'Eurojust',
      'Europol',
      'FRA',
      'Frontex',
    ]);
    assert.match(response.body, /European Union Agency for Asylum \(formerly EASO\)/);
    assert.match(response.body, /European Union Drugs Agency \(formerly EMCDDA\)/);
    assert.match(response.body, /Valletta, MT/);
    assert.match(response.body, /<caption[^>]*>Member agencies<\/caption>/);
    assert.match(response.body, /href="\/agencies\.csv\?sort=acronym&amp;direction=asc"/);
    assert.doesNotMatch(response.body, /\/edit"/);
  });

  test('filters by acronym or name and sorts by any column', async () => {
    const filtered = await platform.request({
      url: '/agencies?q=law+enforcement&sort=acronym&direction=desc',
      as: member,
    });
    assert.equal(filtered.statusCode, 200);
    assert.deepEqual(linkedAcronyms(filtered.body, '/agencies'), ['Europol', 'CEPOL']);
    assert.match(filtered.body, /value="law enforcement"/);
    assert.match(filtered.body, /aria-sort="descending"/);

    const byYear = await platform.request({ url: '/agencies?sort=established', as: member });
    assert.deepEqual(linkedAcronyms(byYear.body, '/agencies').slice(0, 3), [
      'EUDA',
      'Europol',
      'Eurojust',
    ]);

    const none = await platform.request({ url: '/agencies?q=nothing+like+this', as: member });
    assert.equal(none.statusCode, 200);
    assert.deepEqual(linkedAcronyms(none.body, '/agencies'), []);
    assert.match(none.body, /Nothing to show/);

    const bad = await platform.request({ url: '/agencies?sort=budget', as: member });
    assert.equal(bad.statusCode, 400);
  });

  test('exports the filtered, sorted agencies as CSV', async () => {
    const response = await platform.request({
      url: '/agencies.csv?q=european+union&sort=established&direction=asc',
      as: member,
    });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(String(response.headers['content-disposition']), /attachment/);
    assert.ok(response.body.startsWith('\uFEFF'), 'a byte order mark, for Excel to read UTF-8');
    const lines = response.body.slice(1).trimEnd().split('\r\n');
    assert.equal(
      lines[0],
      'Acronym,Name,Former names,Headquarters city,Headquarters country (ISO code),Established,Website',
    );
    assert.deepEqual(
      lines.slice(1).map((line) => line.split(',')[0]),
      ['EUDA', 'Europol', 'Eurojust', 'CEPOL', 'FRA', 'EUAA', 'eu-LISA'],
    );
    assert.ok(
      lines.includes(
        'EUAA,European Union Agency for Asylum,EASO (European Asylum Support Office),Valletta,MT,2010,https://euaa.europa.eu',
      ),
    );
  });

  test('lists partners and stakeholders with their categories', async () => {
    const response = await platform.request({ url: '/bodies', as: member });
    assert.equal(response.statusCode, 200);
    const acronyms = linkedAcronyms(response.body, '/bodies');
    assert.equal(acronyms.length, 25);
    assert.ok(acronyms.includes('MAOC (N)'));
    assert.ok(!acronyms.includes('Europol'));
    assert.match(response.body, /Council of the EU/);
    assert.match(response.body, /International centre/);
    assert.doesNotMatch(response.body, /Add a partner or stakeholder/);

    const csv = await platform.request({ url: '/bodies.csv?q=coordinator', as: member });
    assert.deepEqual(csv.body.slice(1).trimEnd().split('\r\n'), [
      'Acronym,Name,Former names,Category,Headquarters city,Headquarters country (ISO code),Website',
      'EU ATC,Office of the EU Anti-Trafficking Coordinator,,EU coordinator,Brussels,BE,',
      'EU CTC,EU Counter-Terrorism Coordinator,,EU coordinator,Brussels,BE,',
    ]);
    const semicolons = await platform.request({
      url: '/bodies.csv?q=coordinator&separator=semicolon',
      as: member,
    });
    assert.deepEqual(semicolons.body.slice(1).trimEnd().split('\r\n').slice(1), [
      'EU ATC;Office of the EU Anti-Trafficking Coordinator;;EU coordinator;Brussels;BE;',
      'EU CTC;EU Counter-Terrorism Coordinator;;EU coordinator;Brussels;BE;',
    ]);
    const unknownSeparator = await platform.request({
      url: '/bodies.csv?separator=tab',
      as: member,
    });
    assert.equal(unknownSeparator.statusCode, 400);
  });

  test('shows an agency with its details, name history and chair years', async () => {
    const euaa = await platform.request({ url: '/agencies/EUAA', as: member });
    assert.equal(euaa.statusCode, 200);
    assert.match(euaa.body, /<h1[^>]*>EUAA: European Union Agency for Asylum<\/h1>/);
    assert.match(euaa.body, /<dd[^>]*>Valletta, MT<\/dd>/);
    assert.match(euaa.body, /<td[^>]*>EASO<\/td>/);
    assert.match(euaa.body, /<time datetime="2022-01-19">19 January 2022<\/time>/);
    assert.match(euaa.body, /Has not chaired the network/);

    const euda = await platform.request({ url: '/agencies/euda', as: member });
    assert.match(euda.body, /Chaired the network in<\/dt><dd[^>]*>2017<\/dd>/);
    assert.match(euda.body, /<td[^>]*>EMCDDA<\/td>/);

    const body = await platform.request({ url: '/bodies/MAOC%20(N)', as: member });
    assert.equal(body.statusCode, 200);
    assert.match(body.body, /International centre/);
  });

  test('an unknown entry, or a body asked for as an agency, is a 404 page', async () => {
    for (const url of ['/agencies/NOPE', '/agencies/COSI', '/bodies/EUAA', '/agencies/new']) {
      const response = await platform.request({ url, as: member });
      assert.equal(response.statusCode, 404, url);
      assert.match(response.body, /Page not found/);
    }
  });

  test('an administrator edits an agency, recording a rename; the change is audited', async () => {
    const page = await platform.request({ url: '/agencies/eu-LISA', as: admin });
    assert.match(page.body, /href="\/agencies\/eu-LISA\/edit"/);
    const edit = await platform.request({ url: '/agencies/eu-LISA/edit', as: admin });
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /<h1[^>]*>Edit eu-LISA<\/h1>/);
    assert.match(edit.body, /name="renamedOn"/);
    assert.match(edit.body, /the current name moves to the name history/);
    const form = editForm(edit.body, admin);
    assert.equal(form.hqCity, 'Tallinn');

    const response = await platform.request({
      url: '/agencies/eu-LISA/edit',
      as: admin,
      form: {
        ...form,
        acronym: 'eu-LISA2',
        hqCountry: 'ee',
        description: 'Runs the extranet.',
        renamedOn: '2030-06-30',
      },
    });
    assert.equal(response.statusCode, 303, response.body);
    assert.equal(response.headers.location, '/agencies/eu-LISA2?saved=1');
    const shown = await platform.request({ url: '/agencies/eu-LISA2?saved=1', as: admin });
    assert.match(shown.body, /Your changes have been saved/);
    assert.match(shown.body, /<time datetime="2030-06-30">30 June 2030<\/time>/);

    const stored = await platform.services.network.get('eu-LISA2');
    assert.equal(stored.hqCountry, 'EE');
    assert.equal(stored.description, 'Runs the extranet.');
    assert.equal(stored.formerNames.at(-1)?.acronym, 'eu-LISA');
    const entries = await platform.services.audit.list(
      { action: 'organisation.update', targetId: stored.id },
      1,
      10,
    );
    assert.equal(entries.total, 1);
    assert.equal(entries.items[0]?.actor_email, admin.user.email);
  });

  test('bad input re-renders the form with 400 and field errors, and stores nothing', async () => {
    const edit = await platform.request({ url: '/agencies/Frontex/edit', as: admin });
    const form = editForm(edit.body, admin);
    const before = await auditTotal();
    for (const [changes, field] of [
      [{ hqCountry: 'Poland' }, 'hqCountry'],
      [{ website: 'ftp://frontex' }, 'website'],
      [{ establishedYear: 'old' }, 'establishedYear'],
      [{ name: '' }, 'name'],
      [{ renamedOn: 'yesterday', name: 'Renamed' }, 'renamedOn'],
      [{ hqCity: 'x'.repeat(101) }, 'hqCity'],
    ] as const) {
      const response = await platform.request({
        url: '/agencies/Frontex/edit',
        as: admin,
        form: { ...form, ...changes },
      });
      assert.equal(response.statusCode, 400, JSON.stringify(changes));
      assert.match(response.body, /Please correct the following errors/);
      assert.match(response.body, new RegExp(`href="#field-${field}"`));
      assert.match(response.body, new RegExp(`id="field-${field}"[^>]*aria-invalid="true"`));
    }
    assert.equal(await auditTotal(), before);
    const stored = await platform.services.network.get('Frontex');
    assert.equal(stored.hqCountry, 'PL');
    assert.equal(String(stored.version), form.version);
  });

  test('every error of a form shows at once, and nothing is stored', async () => {
    const edit = await platform.request({ url: '/agencies/Frontex/edit', as: admin });
    const form = editForm(edit.body, admin);
    const before = await auditTotal();
    const response = await platform.request({
      url: '/agencies/Frontex/edit',
      as: admin,
      form: {
        ...form,
        name: '',
        hqCountry: 'Poland',
        website: 'ftp://frontex',
        establishedYear: 'old',
        hqCity: 'x'.repeat(101),
        description: 'y'.repeat(5001),
      },
    });
    assert.equal(response.statusCode, 400);
    const summary = response.body.slice(0, response.body.indexOf('name="acronym"'));
    for (const field of [
      'name',
      'hqCountry',
      'website',
      'establishedYear',
      'hqCity',
      'description',
    ]) {
      assert.match(summary, new RegExp(`href="#field-${field}"`), field);
    }
    assert.match(response.body, /value="Poland"/, 'what was sent is shown again');
    assert.equal(await auditTotal(), before);
    assert.equal((await platform.services.network.get('Frontex')).hqCountry, 'PL');
  });

  test('a stale save keeps the other change and asks only about a field both changed', async () => {
    const opened = editForm(
      (await platform.request({ url: '/agencies/EIGE/edit', as: admin })).body,
      admin,
    );
    const other = await platform.session('admin', 'FRA');
    const first = await platform.request({
      url: '/agencies/EIGE/edit',
      as: other,
      form: {
        ...opened,
        _csrf: other.csrfToken,
        hqCity: 'Vilnius (first)',
        website: 'https://first.example.eu',
      },
    });
    assert.equal(first.statusCode, 303);

    // This user changed only the description: the other change stays and nothing is asked.
    const untouched = await platform.request({
      url: '/agencies/EIGE/edit',
      as: admin,
      form: { ...opened, description: 'Gender equality, described.' },
    });
    assert.equal(untouched.statusCode, 409);
    assert.match(untouched.body, /Someone else saved changes while you were editing/);
    assert.match(untouched.body, /<h2 class="jh-merge__label">Headquarters city<\/h2>/);
    assert.match(untouched.body, /<h2 class="jh-merge__label">Website<\/h2>/);
    assert.match(untouched.body, /You did not change this field/);
    assert.doesNotMatch(untouched.body, /name="_conflicts"/);
    const merged = editForm(untouched.body, admin);
    assert.equal(merged.hqCity, 'Vilnius (first)');
    assert.equal(merged.website, 'https://first.example.eu');
    assert.equal(merged.description, 'Gender equality, described.');
    assert.equal(merged.version, String(Number(opened.version) + 1));
    const saved = await platform.request({ url: '/agencies/EIGE/edit', as: admin, form: merged });
    assert.equal(saved.statusCode, 303, saved.body);
    const both = await platform.services.network.get('EIGE');
    assert.equal(both.hqCity, 'Vilnius (first)');
    assert.equal(both.website, 'https://first.example.eu');
    assert.equal(both.description, 'Gender equality, described.');

    // Both changed the city: the user chooses, and nothing is saved until they do.
    const clash = await platform.request({
      url: '/agencies/EIGE/edit',
      as: admin,
      form: { ...opened, hqCity: 'Vilnius (second)' },
    });
    assert.equal(clash.statusCode, 409);
    assert.match(clash.body, /<input type="hidden" name="_conflicts" value="hqCity">/);
    assert.match(clash.body, /Which “Headquarters city” to keep/);
    const unsettled = editForm(clash.body, admin);
    const unchosen = await platform.request({
      url: '/agencies/EIGE/edit',
      as: admin,
      form: unsettled,
    });
    assert.equal(unchosen.statusCode, 400);
    assert.match(unchosen.body, /Choose which “Headquarters city” to keep/);
    const before = await auditTotal();
    const chosen = await platform.request({
      url: '/agencies/EIGE/edit',
      as: admin,
      form: { ...unsettled, '_keep-hqCity': 'mine' },
    });
    assert.equal(chosen.statusCode, 303, chosen.body);
    const stored = await platform.services.network.get('EIGE');
    assert.equal(stored.hqCity, 'Vilnius (second)');
    assert.equal(stored.website, 'https://first.example.eu', 'the other change is kept');
    assert.equal(stored.description, 'Gender equality, described.');
    const entries = await platform.services.audit.list(
      { action: 'organisation.update', targetId: stored.id },
      1,
      10,
    );
    assert.equal(await auditTotal(), before + 1);
    assert.equal(entries.items[0]?.actor_email, admin.user.email);
  });

  test('an administrator adds a body; the CSV defuses a formula-looking name', async () => {
    const list = await platform.request({ url: '/bodies', as: admin });
    assert.match(list.body, /href="\/bodies\/new"/);
    const page = await platform.request({ url: '/bodies/new', as: admin });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<select[^>]*name="category"/);
    assert.doesNotMatch(page.body, /value="jha-agency"/);

    const response = await platform.request({
      url: '/bodies',
      as: admin,
      form: {
        _csrf: admin.csrfToken,
        acronym: 'EPPO',
        name: '=HYPERLINK("https://evil.example","EPPO")',
        category: 'eu-office',
        hqCity: 'Luxembourg',
        hqCountry: 'lu',
        website: 'https://www.eppo.europa.eu',
        description: '',
      },
    });
    assert.equal(response.statusCode, 303, response.body);
    assert.equal(response.headers.location, '/bodies/EPPO?saved=1');
    const created = await platform.services.network.get('EPPO');
    assert.equal(created.kind, 'body');
    assert.equal(created.hqCountry, 'LU');
    const audited = await platform.services.audit.list(
      { action: 'organisation.create', targetId: created.id },
      1,
      1,
    );
    assert.equal(audited.total, 1);

    const csv = await platform.request({ url: '/bodies.csv?q=eppo', as: member });
    assert.equal(
      csv.body.split('\r\n')[1],
      `EPPO,"'=HYPERLINK(""https://evil.example"",""EPPO"")",,EU office,Luxembourg,LU,https://www.eppo.europa.eu`,
    );
    const html = await platform.request({ url: '/bodies/EPPO', as: member });
    assert.match(html.body, /=HYPERLINK\(&quot;https:\/\/evil.example&quot;/);
  });

  test('a body with bad input is not added: 400 with field errors', async () => {
    const before = await platform.services.network.counts();
    const auditBefore = await auditTotal();
    for (const [form, field] of [
      [{ acronym: '', name: 'No acronym', category: 'network' }, 'acronym'],
      [{ acronym: 'COSI', name: 'Duplicate', category: 'council' }, 'acronym'],
      [{ acronym: 'XYZ', name: 'Member pretender', category: 'jha-agency' }, 'category'],
      [
        { acronym: 'XYZ', name: 'Bad country', category: 'network', hqCountry: 'Nowhere' },
        'hqCountry',
      ],
    ] as const) {
      const response = await platform.request({
        url: '/bodies',
        as: admin,
        form: { _csrf: admin.csrfToken, ...form },
      });
      assert.equal(response.statusCode, 400, JSON.stringify(form));
      assert.match(response.body, new RegExp(`href="#field-${field}"`));
      assert.match(response.body, new RegExp(`value="${form.name}"`));
    }
    assert.deepEqual(await platform.services.network.counts(), before);
    assert.equal(await auditTotal(), auditBefore);
  });

  test('a form without the CSRF token is refused and changes nothing', async () => {
    const before = await platform.services.network.counts();
    const response = await platform.request({
      url: '/bodies',
      as: admin,
      form: { acronym: 'CSRF', name: 'Forged', category: 'network' },
    });
    assert.equal(response.statusCode, 403);
    assert.deepEqual(await platform.services.network.counts(), before);
  });

  test('lists the chairs, latest first, with the name each agency chaired under', async () => {
    const response = await platform.request({ url: '/chairs', as: member });
    assert.equal(response.statusCode, 200);
    const body = response.body.slice(response.body.indexOf('<tbody'));
    const years = [...body.matchAll(/<td[^>]*>(\d{4})<\/td>/g)].map((m) => m[1]);
    assert.deepEqual(years.slice(0, 2), ['2017', '2016']);
    assert.match(body, /href="\/agencies\/EUDA">EUDA<\/a> \(then EMCDDA\)/);
    assert.match(body, /href="\/agencies\/FRA">FRA<\/a>/);
    assert.match(body, /Chaired as the EMCDDA/);
    assert.doesNotMatch(response.body, /action="\/chairs"/);
    assert.doesNotMatch(response.body, /Change the chair of/);
  });

  test('an administrator records a new chair and changes a recorded one', async () => {
    const page = await platform.request({ url: '/chairs', as: admin });
    assert.match(page.body, /<form[^>]*action="\/chairs"/);
    const options = [...page.body.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)];
    assert.equal(options.filter((o) => o[1] !== '').length, 9);
    assert.ok(!options.some((o) => o[2]?.startsWith('COSI')));
    const cepol = await platform.services.network.get('CEPOL');

    const created = await platform.request({
      url: '/chairs',
      as: admin,
      form: { _csrf: admin.csrfToken, year: '2018', organisationId: cepol.id, note: 'Budapest' },
    });
    assert.equal(created.statusCode, 303, created.body);
    assert.equal(created.headers.location, '/chairs?saved=2018');
    assert.equal((await platform.services.network.chairOf(2018))?.acronym, 'CEPOL');

    const edit = await platform.request({ url: '/chairs?edit=2017', as: admin });
    assert.match(edit.body, /Change the chair of 2017/);
    const version = inputValue(edit.body, 'version');
    const euda = await platform.services.network.get('EUDA');
    const changed = await platform.request({
      url: '/chairs',
      as: admin,
      form: {
        _csrf: admin.csrfToken,
        year: '2017',
        organisationId: euda.id,
        note: 'Chaired as the EMCDDA.',
        version,
      },
    });
    assert.equal(changed.statusCode, 303, changed.body);
    assert.equal((await platform.services.network.chairOf(2017))?.note, 'Chaired as the EMCDDA.');
    const audited = await platform.services.audit.list({ action: 'chair_year.set' }, 1, 10);
    assert.deepEqual(
      audited.items.filter((e) => e.actor_email === admin.user.email).map((e) => e.target_id),
      ['2017', '2018'],
    );

    const stale = await platform.request({
      url: '/chairs',
      as: admin,
      form: {
        _csrf: admin.csrfToken,
        year: '2017',
        organisationId: cepol.id,
        note: 'Overwrite',
        version,
      },
    });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Someone else saved changes while you were editing/);
    assert.match(stale.body, /<dt>Their version<\/dt><dd>Chaired as the EMCDDA\./);
    assert.equal((await platform.services.network.chairOf(2017))?.acronym, 'EUDA');

    const unversioned = await platform.request({
      url: '/chairs',
      as: admin,
      form: { _csrf: admin.csrfToken, year: '2016', organisationId: cepol.id },
    });
    assert.equal(unversioned.statusCode, 409);
    assert.equal((await platform.services.network.chairOf(2016))?.acronym, 'FRA');
  });

  test('a chair with bad input is refused with 400 and nothing is recorded', async () => {
    const cosi = await platform.services.network.get('COSI');
    const fra = await platform.services.network.get('FRA');
    const before = await auditTotal();
    for (const [form, field] of [
      [{ year: '2019', organisationId: cosi.id }, 'organisationId'],
      [{ year: '2019', organisationId: '' }, 'organisationId'],
      [{ year: '1999', organisationId: fra.id }, 'year'],
      [{ year: 'next', organisationId: fra.id }, 'year'],
    ] as const) {
      const response = await platform.request({
        url: '/chairs',
        as: admin,
        form: { _csrf: admin.csrfToken, ...form },
      });
      assert.equal(response.statusCode, 400, JSON.stringify(form));
      assert.match(response.body, new RegExp(`href="#field-${field}"`));
    }
    assert.equal(await platform.services.network.chairOf(2019), null);
    assert.equal(await auditTotal(), before);
  });

  test('members, contacts and observers see no edit links and get 404 on every change', async () => {
    const contact = await platform.session('contact', 'Frontex');
    const observer = await platform.session('observer', 'DG HOME');
    const fra = await platform.services.network.get('FRA');
    for (const session of [member, contact, observer]) {
      for (const url of ['/agencies/FRA', '/bodies/COSI', '/bodies', '/chairs?edit=2017']) {
        const response = await platform.request({ url, as: session });
        assert.equal(response.statusCode, 200, url);
        assert.doesNotMatch(
          response.body,
          /\/edit"|\/bodies\/new"|action="\/chairs"|chairs\?edit=/,
          url,
        );
      }
      for (const url of ['/agencies/FRA/edit', '/bodies/COSI/edit', '/bodies/new']) {
        const response = await platform.request({ url, as: session });
        assert.equal(response.statusCode, 404, url);
      }
      const writes: [string, Record<string, string>][] = [
        ['/agencies/FRA/edit', { version: String(fra.version), acronym: 'FRA', name: 'Taken' }],
        ['/bodies/COSI/edit', { version: '1', acronym: 'COSI', name: 'Taken' }],
        ['/bodies', { acronym: 'NEW', name: 'New body', category: 'network' }],
        ['/chairs', { year: '2020', organisationId: fra.id }],
      ];
      for (const [url, form] of writes) {
        const response = await platform.request({
          url,
          as: session,
          form: { _csrf: session.csrfToken, ...form },
        });
        assert.equal(response.statusCode, 404, `${session.user.role} POST ${url}`);
      }
    }
    assert.equal((await platform.services.network.get('FRA')).name, fra.name);
    assert.equal(await platform.services.network.chairOf(2020), null);
    await assert.rejects(platform.services.network.get('NEW'));
  });

  test('anonymous visitors are sent to sign in', async () => {
    for (const url of [
      '/agencies',
      '/agencies.csv',
      '/bodies',
      '/agencies/FRA',
      '/agencies/FRA/edit',
      '/bodies/new',
      '/chairs',
    ]) {
      const response = await platform.request({ url });
      assert.equal(response.statusCode, 303, url);
      assert.equal(response.headers.location, `/login?next=${encodeURIComponent(url)}`);
    }
    const post = await platform.request({
      url: '/bodies',
      form: { acronym: 'ANON', name: 'Anonymous', category: 'network' },
    });
    assert.equal(post.statusCode, 303);
    assert.equal(post.headers.location, '/login', 'a form post is not returned to');
    await assert.rejects(platform.services.network.get('ANON'));
  });
});
