/**
 * ZIP archives from outside (.xlsx and .docx files are ZIP packages), unpacked by counting the
 * bytes that actually inflate. The sizes an archive declares in its headers are claims made by
 * whoever wrote the file: a 300 KB archive can declare a few kilobytes and inflate to gigabytes.
 * Inflation stops as soon as an entry, or all of them together, passes the limit.
 */
import { once } from 'node:events';
import { crc32, createDeflateRaw, inflateRawSync } from 'node:zlib';

export interface UnpackLimits {
  /** The most the entries of one archive may inflate to, all together. */
  maxTotalBytes: number;
  /** The most one entry may inflate to. */
  maxEntryBytes: number;
}

/** Why an archive was not unpacked. */
export class ArchiveError extends Error {
  constructor(
    readonly reason: 'not_an_archive' | 'too_large',
    message: string,
  ) {
    super(message);
  }
}

interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; others are refused. */
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
  crc32: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** A 32-bit field holding this defers to a ZIP64 record: never needed by an upload this small. */
const ZIP64_MARK = 0xffffffff;
const STORED = 0;
const DEFLATED = 8;

function notAnArchive(detail: string): ArchiveError {
  return new ArchiveError('not_an_archive', `Not a readable ZIP archive: ${detail}.`);
}

/** The entries a ZIP archive lists in its central directory; throws when it is not one. */
function centralDirectory(bytes: Buffer): ZipEntry[] {
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== LOCAL_HEADER)
    throw notAnArchive('no ZIP header');
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= earliest; at -= 1) {
    if (bytes.readUInt32LE(at) !== END_OF_CENTRAL_DIRECTORY) continue;
    const count = bytes.readUInt16LE(at + 10);
    let offset = bytes.readUInt32LE(at + 16);
    const entries: ZipEntry[] = [];
    for (let index = 0; index < count; index += 1) {
      if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== CENTRAL_HEADER)
        throw notAnArchive('a damaged central directory');
      const nameLength = bytes.readUInt16LE(offset + 28);
      const extraLength = bytes.readUInt16LE(offset + 30);
      const commentLength = bytes.readUInt16LE(offset + 32);
      const entry: ZipEntry = {
        name: bytes.toString('utf8', offset + 46, offset + 46 + nameLength),
        method: bytes.readUInt16LE(offset + 10),
        crc32: bytes.readUInt32LE(offset + 16),
        compressedSize: bytes.readUInt32LE(offset + 20),
        localHeaderOffset: bytes.readUInt32LE(offset + 42),
      };
      if (entry.compressedSize === ZIP64_MARK || entry.localHeaderOffset === ZIP64_MARK)
        throw notAnArchive('ZIP64 records');
      entries.push(entry);
      offset += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  }
  throw notAnArchive('no central directory');
}

/** The compressed bytes of an entry, found through its local header. */
function compressedData(bytes: Buffer, entry: ZipEntry): Buffer {
  const local = entry.localHeaderOffset;
  if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL_HEADER)
    throw notAnArchive(`a damaged entry (${entry.name})`);
  const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw notAnArchive(`a truncated entry (${entry.name})`);
  return bytes.subarray(start, end);
}

function tooLarge(limits: UnpackLimits): ArchiveError {
  const megabytes = (count: number) => String(Math.floor(count / 1024 / 1024));
  return new ArchiveError(
    'too_large',
    `The file unpacks to more than ${megabytes(limits.maxTotalBytes)} MB in all, or more than ${megabytes(limits.maxEntryBytes)} MB in one part.`,
  );
}

/**
 * Inflates at most `budget` bytes: zlib stops and throws as soon as its output passes the
 * maximum, so an entry costs no more memory or time than the budget, whatever it declares.
 */
function inflateWithin(data: Buffer, budget: number, limits: UnpackLimits): Buffer {
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(budget, 1) });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limits);
    throw notAnArchive('a damaged compressed entry');
  }
}

/**
 * Unpacks every entry, counting what inflates against the limits, and gives back the contents of
 * the entries `keep` names. Entries that are not kept are inflated too, and counted: the reader
 * that comes next may read them. Throws an `ArchiveError` for anything that is not a plain ZIP
 * archive or that unpacks past a limit.
 */
export function unpackZip(
  bytes: Buffer,
  limits: UnpackLimits,
  keep: (name: string) => boolean,
): Map<string, Buffer> {
  const kept = new Map<string, Buffer>();
  const seen = new Set<string>();
  let total = 0;
  for (const entry of centralDirectory(bytes)) {
    if (seen.has(entry.name)) throw notAnArchive(`two entries named ${entry.name}`);
    seen.add(entry.name);
    const data = compressedData(bytes, entry);
    const budget = Math.min(limits.maxEntryBytes, limits.maxTotalBytes - total);
    let content: Buffer;
    if (entry.method === STORED) {
      if (data.length > budget) throw tooLarge(limits);
      content = data;
    } else if (entry.method === DEFLATED) {
      content = inflateWithin(data, budget, limits);
      if (content.length > budget) throw tooLarge(limits);
    } else {
      throw notAnArchive(`an unsupported compression method (${String(entry.method)})`);
    }
    if (crc32(content) !== entry.crc32) throw notAnArchive(`a damaged entry (${entry.name})`);
    total += content.length;
    if (keep(entry.name)) kept.set(entry.name, content);
  }
  return kept;
}

/** Checks that a ZIP archive unpacks within the limits, keeping nothing of what it inflates. */
export function checkZipUnpacks(bytes: Buffer, limits: UnpackLimits): void {
  unpackZip(bytes, limits, () => false);
}

/**
 * A ZIP archive written entry by entry. A deflated entry is compressed as its pieces come, so
 * the archive never holds an entry's whole uncompressed content: a spreadsheet of 50,000 rows is
 * about 20 MB of XML that deflates to 2 MB.
 */
export class ZipWriter {
  private readonly parts: Buffer[] = [];
  private readonly central: Buffer[] = [];
  private offset = 0;
  private count = 0;

  /** Adds an entry as it is, uncompressed, so that its headers tell its exact size. */
  addStored(name: string, content: Buffer): void {
    this.add(name, STORED, crc32(content), content.length, [content]);
  }

  /** Adds an entry whose content comes in pieces, deflated as they come. */
  async addDeflated(name: string, pieces: Iterable<string>): Promise<void> {
    const deflate = createDeflateRaw();
    const compressed: Buffer[] = [];
    deflate.on('data', (chunk: Buffer) => compressed.push(chunk));
    const ended = once(deflate, 'end');
    let checksum = 0;
    let size = 0;
    try {
      for (const piece of pieces) {
        const bytes = Buffer.from(piece, 'utf8');
        checksum = crc32(bytes, checksum);
        size += bytes.length;
        if (!deflate.write(bytes)) await once(deflate, 'drain');
      }
    } catch (error) {
      // Pieces that fail to come (a row that cannot be written) leave no compressor behind.
      deflate.destroy();
      throw error;
    }
    deflate.end();
    await ended;
    this.add(name, DEFLATED, checksum, size, compressed);
  }

  /** The archive: its entries in the order they were added, then the central directory. */
  finish(): Buffer {
    const directory = Buffer.concat(this.central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
    end.writeUInt16LE(this.count, 8);
    end.writeUInt16LE(this.count, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(this.offset, 16);
    return Buffer.concat([...this.parts, directory, end]);
  }

  private add(
    name: string,
    method: number,
    checksum: number,
    size: number,
    data: readonly Buffer[],
  ): void {
    const compressedSize = data.reduce((sum, chunk) => sum + chunk.length, 0);
    if (this.offset + compressedSize >= ZIP64_MARK || size >= ZIP64_MARK || this.count === 0xffff)
      throw new Error('The archive would need ZIP64 records, which this writer does not make.');
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(20, 4);
    // Bit 11: the name is UTF-8.
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(compressedSize, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_HEADER, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt32LE(checksum, 16);
    header.writeUInt32LE(compressedSize, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE(this.offset, 42);
    this.parts.push(local, nameBytes, ...data);
    this.central.push(header, nameBytes);
    this.offset += local.length + nameBytes.length + compressedSize;
    this.count += 1;
  }
}

/**
 * A ZIP archive of the entries, stored without compression, so that its headers tell the exact
 * sizes: for a library that reads an archive whose contents were already counted here.
 */
export function storedZip(entries: ReadonlyMap<string, Buffer>): Buffer {
  const writer = new ZipWriter();
  for (const [name, content] of entries) writer.addStored(name, content);
  return writer.finish();
}
