// What an uploaded file is, decided from its bytes alone: a file name or a browser's content type
// is a claim anyone can make. Only an allow-list of office, image and text formats is stored.
import { fileTypeFromBuffer } from 'file-type';

export interface AcceptedContent {
  /** The media type to store and serve the file with. */
  contentType: string;
  /** The kind of file in words, for people: "PDF", "Word document". */
  label: string;
}

export type ContentCheck = { ok: true; content: AcceptedContent } | { ok: false; reason: string };

export const acceptedTypesSentence =
  'jhanet accepts PDF, Word, Excel, PowerPoint, OpenDocument text and spreadsheet, PNG, JPEG, plain text and CSV files.';

interface AcceptedType {
  label: string;
  /** The label with its article, for sentences: "an Excel workbook". */
  aLabel: string;
  /** The file-name extensions that agree with the content, lower case. */
  extensions: readonly string[];
}

const ACCEPTED_BINARY_TYPES: Readonly<Record<string, AcceptedType>> = {
  'application/pdf': { label: 'PDF', aLabel: 'a PDF', extensions: ['pdf'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    label: 'Word document',
    aLabel: 'a Word document',
    extensions: ['docx'],
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    label: 'Excel workbook',
    aLabel: 'an Excel workbook',
    extensions: ['xlsx'],
  },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
    label: 'PowerPoint presentation',
    aLabel: 'a PowerPoint presentation',
    extensions: ['pptx'],
  },
  'application/vnd.oasis.opendocument.text': {
    label: 'OpenDocument text',
    aLabel: 'an OpenDocument text document',
    extensions: ['odt'],
  },
  'application/vnd.oasis.opendocument.spreadsheet': {
    label: 'OpenDocument spreadsheet',
    aLabel: 'an OpenDocument spreadsheet',
    extensions: ['ods'],
  },
  'image/png': { label: 'PNG image', aLabel: 'a PNG image', extensions: ['png'] },
  'image/jpeg': {
    label: 'JPEG image',
    aLabel: 'a JPEG image',
    extensions: ['jpg', 'jpeg', 'jpe', 'jfif'],
  },
};

/** Every media type a stored file can have, and so is served with. */
export const storedMediaTypes: readonly string[] = [
  ...Object.keys(ACCEPTED_BINARY_TYPES),
  'text/plain',
  'text/csv',
];

/**
 * Text is only text under these names: a text file named .html, .svg, .js or .bat would be
 * markup or a script once saved to a desktop and opened.
 */
const PLAIN_TEXT_EXTENSIONS: readonly string[] = ['txt', 'text', 'md', 'log', 'tsv'];
const CSV_EXTENSIONS: readonly string[] = ['csv'];

const EXECUTABLE_TYPES = new Set([
  'application/x-msdownload',
  'application/x-elf',
  'application/x-mach-binary',
  'application/vnd.android.package-archive',
  'application/java-archive',
  'application/wasm',
]);
const ARCHIVE_TYPES = new Set([
  'application/zip',
  'application/gzip',
  'application/x-tar',
  'application/x-7z-compressed',
  'application/x-rar-compressed',
  'application/x-bzip2',
  'application/x-xz',
  'application/zstd',
  'application/vnd.ms-cab-compressed',
]);

/** Why a detected type is refused, in words for the person uploading it. */
function refusal(mime: string, extension: string): string {
  const accepted = ` (${mime}); ${acceptedTypesSentence}`;
  if (EXECUTABLE_TYPES.has(mime)) return `The file is an executable program${accepted}`;
  if (ARCHIVE_TYPES.has(mime)) {
    return `The file is a compressed archive${accepted} Upload the files inside it one by one.`;
  }
  if (mime === 'application/x-cfb') {
    return `The file is an older Microsoft Office file (.doc, .xls, .ppt) or an installer${accepted} Save Office files in the current format (.docx, .xlsx, .pptx) or as PDF.`;
  }
  if (mime.includes('macroenabled')) return `The file is an Office document with macros${accepted}`;
  return `Files of type ${extension.toUpperCase()} are not accepted${accepted}`;
}

/**
 * The extension of a file name, lower case, or '' when it has none. A final part with a space or
 * without a letter ("Minutes 12.03.2024", "Note from J. Smith") is not an extension.
 */
function extensionOf(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return '';
  const extension = base.slice(dot + 1).toLowerCase();
  return /^[a-z0-9]{1,10}$/.test(extension) && /[a-z]/.test(extension) ? extension : '';
}

function nameContradicts(
  extension: string,
  allowed: readonly string[],
  aLabel: string,
): string | null {
  if (extension === '' || allowed.includes(extension)) return null;
  return `The file is ${aLabel} but its name ends in .${extension}; rename it to end in .${allowed[0] ?? ''}, or choose the file you meant to upload.`;
}

/** Tab, line feed, form feed and carriage return are the only control characters text may hold. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN_IN_TEXT = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F]/;

function isPlainText(bytes: Uint8Array): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return !FORBIDDEN_IN_TEXT.test(text);
  } catch {
    return false;
  }
}

function textContent(bytes: Uint8Array, extension: string): ContentCheck {
  if (!isPlainText(bytes)) {
    return {
      ok: false,
      reason: `The file's type is not recognised, and it is not UTF-8 text; ${acceptedTypesSentence} Save text files with the UTF-8 encoding.`,
    };
  }
  if (CSV_EXTENSIONS.includes(extension)) {
    return { ok: true, content: { contentType: 'text/csv; charset=utf-8', label: 'CSV' } };
  }
  const contradiction = nameContradicts(extension, PLAIN_TEXT_EXTENSIONS, 'a plain text file');
  if (contradiction) return { ok: false, reason: contradiction };
  return { ok: true, content: { contentType: 'text/plain; charset=utf-8', label: 'Plain text' } };
}

/**
 * Whether a file may be stored, and as what. The type comes from the bytes; the name only has to
 * agree with it (no extension agrees with everything).
 */
export async function checkContent(bytes: Uint8Array, filename: string): Promise<ContentCheck> {
  if (bytes.length === 0) return { ok: false, reason: 'The file is empty.' };
  const extension = extensionOf(filename);
  // A damaged container (such as a broken ZIP) can make detection fail outright.
  const detected = await fileTypeFromBuffer(bytes).catch(() => null);
  if (detected === null) {
    return {
      ok: false,
      reason: `The file could not be read; it may be damaged. ${acceptedTypesSentence}`,
    };
  }
  if (!detected) return textContent(bytes, extension);
  const accepted = ACCEPTED_BINARY_TYPES[detected.mime];
  if (!accepted) {
    return { ok: false, reason: refusal(detected.mime, detected.ext) };
  }
  const contradiction = nameContradicts(extension, accepted.extensions, accepted.aLabel);
  if (contradiction) return { ok: false, reason: contradiction };
  return { ok: true, content: { contentType: detected.mime, label: accepted.label } };
}
