// The end-of-year report built from the bench's large scorecard: a draft of the COSI end-of-year
// report is created through the API as the secretariat, then downloaded as .docx and as PDF from
// the running platform, timed and with the server's peak memory. The baseline renders the same
// report document with the same output functions in a fresh plain Node process, without the
// platform's HTTP layer, database or assembly: what rendering alone costs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type Format = 'docx' | 'pdf';

const outputs: Record<Format, { contentType: string; magic: string; module: string; fn: string }> =
  {
    docx: {
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      magic: 'PK',
      module: 'docx.js',
      fn: 'reportToDocx',
    },
    pdf: { contentType: 'application/pdf', magic: '%PDF', module: 'pdf.js', fn: 'reportToPdf' },
  };

const RSS_SAMPLE_MS = 50;

/** Reads a field of /proc/<pid>/status, in kB; 0 where /proc is not there (not Linux). */
export function procStatusKb(pid: number | 'self', field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match?.[1] ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * The highest resident memory of a process while `work` runs: sampled from VmRSS, and VmHWM when
 * it rose during the work (then it is the exact peak, however short).
 */
async function peakRssDuring<T>(pid: number, work: () => Promise<T>): Promise<[T, number]> {
  const hwmBefore = procStatusKb(pid, 'VmHWM');
  let peakKb = procStatusKb(pid, 'VmRSS');
  const sampler = setInterval(() => {
    peakKb = Math.max(peakKb, procStatusKb(pid, 'VmRSS'));
  }, RSS_SAMPLE_MS);
  try {
    const result = await work();
    const hwmAfter = procStatusKb(pid, 'VmHWM');
    peakKb = Math.max(peakKb, procStatusKb(pid, 'VmRSS'), hwmAfter > hwmBefore ? hwmAfter : 0);
    return [result, peakKb];
  } finally {
    clearInterval(sampler);
  }
}

export interface OutputFigures {
  format: Format;
  /** Seconds of each download, from sending the request to the whole file. */
  platformSeconds: number[];
  platformBytes: number;
  platformPeakKb: number;
  /** Seconds of each call of the output function in the baseline process. */
  bareSeconds: number[];
  bareBytes: number;
  /** The baseline process's peak (VmHWM): Node, the output libraries and the rendering. */
  barePeakKb: number;
  /** The baseline process's resident memory once the output module is loaded, before rendering. */
  bareLoadedKb: number;
}

export interface ReportBuildFigures {
  year: number;
  asOf: string;
  title: string;
  iterations: number;
  /** How many activities the report counts, as its progress section says. */
  activitiesInReport: number | null;
  /** Seconds of each GET /api/reports/{id}: the draft assembled from the data and sent as JSON. */
  assemblySeconds: number[];
  /** The platform's resident memory before the first download. */
  platformStartKb: number;
  outputs: OutputFigures[];
}

export interface PlatformProcess {
  baseUrl: string;
  pid: number;
}

async function getOk(url: string, cookie: string, contentType: string): Promise<Buffer> {
  const response = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  const body = Buffer.from(await response.arrayBuffer());
  const type = response.headers.get('content-type') ?? '';
  if (response.status !== 200) {
    throw new Error(
      `GET ${url} answered ${response.status}: ${body.toString('utf8').slice(0, 300)}`,
    );
  }
  if (!type.startsWith(contentType)) throw new Error(`GET ${url} answered ${type}`);
  if (body.length === 0) throw new Error(`GET ${url} answered an empty body`);
  return body;
}

function checkFile(format: Format, file: Buffer, where: string): void {
  const { magic } = outputs[format];
  if (file.length === 0 || file.subarray(0, magic.length).toString('latin1') !== magic) {
    throw new Error(`${where}: the .${format} file is empty or does not start with ${magic}`);
  }
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

/** Creates the draft of the year's COSI end-of-year report as of `asOf`; answers its id and title. */
async function createEndOfYearDraft(
  platform: PlatformProcess,
  session: { cookie: string; csrfToken: string },
  year: number,
  asOf: string,
): Promise<{ id: string; title: string }> {
  const calendar = JSON.parse(
    (
      await getOk(
        `${platform.baseUrl}/api/reports/calendar?year=${year}`,
        session.cookie,
        'application/json',
      )
    ).toString('utf8'),
  ) as {
    entries: {
      obligationId: string;
      kind: string;
      period: string;
      recipientAcronym: string | null;
    }[];
  };
  const obligation = calendar.entries.find(
    (e) => e.kind === 'progress' && e.period === 'end' && e.recipientAcronym === 'COSI',
  );
  if (!obligation) throw new Error(`the ${year} calendar has no COSI end-of-year report`);
  const response = await fetch(`${platform.baseUrl}/api/reports`, {
    method: 'POST',
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ obligationId: obligation.obligationId, asOf }),
  });
  const text = await response.text();
  if (response.status !== 201) {
    throw new Error(`POST /api/reports answered ${response.status}: ${text.slice(0, 300)}`);
  }
  const created = JSON.parse(text) as { id: string; title: string };
  return { id: created.id, title: created.title };
}

/**
 * Renders one format `iterations` times in a fresh plain Node process from the compiled output
 * module in dist, as the platform runs it; answers the times, the file's size and the memory.
 */
function renderBare(
  root: string,
  documentFile: string,
  format: Format,
  iterations: number,
): Promise<{ seconds: number[]; bytes: number; peakKb: number; loadedKb: number; magic: string }> {
  const { module, fn } = outputs[format];
  const moduleUrl = pathToFileURL(
    path.join(root, 'dist', 'features', 'reporting', 'outputs', module),
  ).href;
  const script = `
import fs from 'node:fs';
const status = (field) =>
  Number(new RegExp('^' + field + ':\\\\s+(\\\\d+) kB', 'm').exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
const [documentFile, iterations] = process.argv.slice(1);
const render = (await import(${JSON.stringify(moduleUrl)}))[${JSON.stringify(fn)}];
const document = JSON.parse(fs.readFileSync(documentFile, 'utf8'));
const loadedKb = status('VmRSS');
const seconds = [];
let file = Buffer.alloc(0);
for (let i = 0; i < Number(iterations); i += 1) {
  const started = performance.now();
  file = await render(document);
  seconds.push((performance.now() - started) / 1000);
}
process.stdout.write(JSON.stringify({ seconds, bytes: file.length, magic: file.subarray(0, 4).toString('latin1'), loadedKb, peakKb: status('VmHWM') }));
`;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', script, documentFile, String(iterations)],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`the bare .${format} rendering exited with ${String(code)}: ${err}`));
        return;
      }
      resolve(
        JSON.parse(out) as {
          seconds: number[];
          bytes: number;
          peakKb: number;
          loadedKb: number;
          magic: string;
        },
      );
    });
  });
}

/**
 * On a running platform filled with the bench's scorecard, signed in as the secretariat: creates
 * the end-of-year draft, downloads each output `iterations` times, then renders the same document
 * in the baseline process. Throws on any error (non-200, empty or malformed file), never on a
 * figure.
 */
export async function measureReportBuild(
  root: string,
  platform: PlatformProcess,
  session: { cookie: string; csrfToken: string },
  options: { year: number; asOf: string; iterations: number },
): Promise<ReportBuildFigures> {
  const { year, asOf, iterations } = options;
  console.log(`Creating the COSI end-of-year report of ${year} as of ${asOf}…`);
  const { id, title } = await createEndOfYearDraft(platform, session, year, asOf);
  const reportUrl = `${platform.baseUrl}/api/reports/${encodeURIComponent(id)}`;
  const assemblySeconds: number[] = [];
  let documentJson = '';
  for (let i = 0; i < iterations; i += 1) {
    const [body, seconds] = await timed(() => getOk(reportUrl, session.cookie, 'application/json'));
    assemblySeconds.push(seconds);
    documentJson = JSON.stringify(
      (JSON.parse(body.toString('utf8')) as { document: unknown }).document,
    );
  }
  const platformStartKb = procStatusKb(platform.pid, 'VmRSS');
  const figures: OutputFigures[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jhanet-bench-report-'));
  try {
    const documentFile = path.join(dir, 'document.json');
    fs.writeFileSync(documentFile, documentJson);
    for (const format of Object.keys(outputs) as Format[]) {
      const { contentType } = outputs[format];
      console.log(`  GET /api/reports/{id}/document.${format}, ${iterations} times…`);
      const platformSeconds: number[] = [];
      let platformBytes = 0;
      const [, platformPeakKb] = await peakRssDuring(platform.pid, async () => {
        for (let i = 0; i < iterations; i += 1) {
          const [file, seconds] = await timed(() =>
            getOk(`${reportUrl}/document.${format}`, session.cookie, contentType),
          );
          checkFile(format, file, `GET .../document.${format}`);
          platformSeconds.push(seconds);
          platformBytes = file.length;
        }
      });
      console.log(`  ${outputs[format].fn} in a plain Node process, ${iterations} times…`);
      const bare = await renderBare(root, documentFile, format, iterations);
      if (bare.bytes === 0 || !bare.magic.startsWith(outputs[format].magic)) {
        throw new Error(`the bare ${outputs[format].fn} gave an empty or malformed file`);
      }
      figures.push({
        format,
        platformSeconds,
        platformBytes,
        platformPeakKb,
        bareSeconds: bare.seconds,
        bareBytes: bare.bytes,
        barePeakKb: bare.peakKb,
        bareLoadedKb: bare.loadedKb,
      });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const counted = /(\d[\d,]*) joint activities/.exec(documentJson)?.[1];
  return {
    year,
    asOf,
    title,
    iterations,
    activitiesInReport: counted === undefined ? null : Number(counted.replaceAll(',', '')),
    assemblySeconds,
    platformStartKb,
    outputs: figures,
  };
}

const number = (value: number, digits = 0) =>
  value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const seconds = (values: number[]) => values.map((v) => number(v, 2)).join(' / ');
const megabytes = (kb: number) => number(kb / 1024, 1);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

export const REPORT_BUILD_HEADING = '## Building the end-of-year report';

/** The table of the figures, as the console prints it and the page holds it. */
export function reportBuildTable(figures: ReportBuildFigures): string {
  const rows = [
    [
      'GET /api/reports/{id} (draft assembled, JSON)',
      seconds(figures.assemblySeconds),
      number(mean(figures.assemblySeconds), 2),
      '',
      '',
    ],
    ...figures.outputs.flatMap((o) => [
      [
        `GET /api/reports/{id}/document.${o.format}`,
        seconds(o.platformSeconds),
        number(mean(o.platformSeconds), 2),
        megabytes(o.platformPeakKb),
        number(o.platformBytes / 1024),
      ],
      [
        `bare: \`${outputs[o.format].fn}\` on the same document`,
        seconds(o.bareSeconds),
        number(mean(o.bareSeconds), 2),
        `${megabytes(o.barePeakKb)} (${megabytes(o.bareLoadedKb)} loaded)`,
        number(o.bareBytes / 1024),
      ],
    ]),
  ];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(['Step', 'Seconds, each time', 'Mean (s)', 'Peak RSS (MB)', 'File (KB)']),
    line(['---', '---:', '---:', '---:', '---:']),
    ...rows.map(line),
  ].join('\n');
}

/** The page's section on the report build. */
export function reportBuildSection(
  figures: ReportBuildFigures,
  conditions: {
    date: string;
    activities: number;
    updatesPerActivity: number;
    fillSeconds: number;
    loadAverage: number[];
  },
): string {
  const cpus = os.availableParallelism();
  const load = conditions.loadAverage[0] ?? 0;
  const counted =
    figures.activitiesInReport === null
      ? 'The report names no count of activities.'
      : `The report counts ${number(figures.activitiesInReport)} joint activities.`;
  const shared =
    load > cpus / 2
      ? ` Its ${cpus} CPUs were shared with other work, so the times are upper bounds and vary
from one run to the next.`
      : '';
  return `${REPORT_BUILD_HEADING}

"${figures.title}" (the COSI end-of-year obligation of ${figures.year}), created as a draft as of
${figures.asOf} through \`POST /api/reports\` as the secretariat, then downloaded. The platform
holds ${number(conditions.activities)} activities of ${figures.year} with ${number(conditions.updatesPerActivity)} progress updates each
(\`bench/fill-scorecard.ts\`, ${number(conditions.fillSeconds, 1)} s in this run) besides the demo scorecard.
${counted} Each step ran ${figures.iterations} times in a row, measured on ${conditions.date}
(load average ${conditions.loadAverage.map((l) => number(l, 2)).join(', ')} before the run).${shared}

${reportBuildTable(figures)}

- A draft is assembled from the data as of its day at each read, so each download includes the
  assembly (the ${figures.year} scorecard as of ${figures.asOf} read from the revisions, the agencies
  and the priorities), which \`GET /api/reports/{id}\` times alone, then the rendering.
- **bare**: the baseline. The document that \`GET /api/reports/{id}\` answered, rendered by the
  same output function from \`dist\`, in a fresh plain Node process per format: no HTTP, no
  session, no database, no assembly. Its peak is that process's VmHWM, Node and the output
  libraries included; "loaded" is its resident memory before the first rendering. Being fresh,
  it warms up on its first rendering, as the platform does on its first download.
- **Peak RSS** of a download: the platform process's highest resident memory during that
  format's downloads (VmRSS sampled every ${RSS_SAMPLE_MS} ms, and VmHWM when it rose). It held
  ${megabytes(figures.platformStartKb)} MB before the first download, what the earlier steps of the run left included.
- The report holds the year's figures (charts, and tables by section, line and agency), not a
  row per activity, so the size of its files does not grow with the scorecard. A report with a
  table of thousands of rows is another load: see docs/reports.md, "Outputs".

\`npm run bench -- report\` runs only this step (a fresh platform, the fill, the report) and puts
this section in place; \`BENCH_REPORT_ITERATIONS\` sets how many times each step runs. The run
fails on an error (a status other than 200, an empty or malformed file), never on a figure.
`;
}
