// The searchable text of an uploaded file. Extraction reads untrusted input, so it runs in a parser
// process under hard caps (src/app/parsing/) and never throws: a file that cannot be read yields
// no text and `failed`, and the upload still stands.
import { createRequire } from 'node:module';
import path from 'node:path';
import mammoth from 'mammoth';
import { checkZipUnpacks, type UnpackLimits } from '../../app/zip-archive.js';
import { mediaType } from './text-types.js';

export interface ExtractedText {
  text: string;
  truncated: boolean;
  failed: boolean;
}

export interface TextLimits {
  /** Text beyond this many characters is cut off and marked truncated. */
  maxChars: number;
  /** What a Word file (a ZIP package) may unpack to, counted as it inflates. */
  unpack: UnpackLimits;
}

// The font metrics and character maps pdf.js ships with, read from disk rather than fetched.
const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const standardFontDataUrl = path.join(pdfjsRoot, 'standard_fonts') + path.sep;
const cMapUrl = path.join(pdfjsRoot, 'cmaps') + path.sep;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsLoading: Promise<PdfJs> | undefined;

/**
 * pdf.js is large; it is loaded on the first PDF rather than at start. In Node it parses on this
 * thread (its "fake worker", imported from beside pdf.mjs), so nothing depends on where this
 * module runs from, source or build; a long PDF holds the event loop while it is read.
 */
function loadPdfJs(): Promise<PdfJs> {
  pdfjsLoading ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsLoading;
}

async function pdfText(bytes: Uint8Array, maxChars: number): Promise<string> {
  const pdfjs = await loadPdfJs();
  const loadingTask = pdfjs.getDocument({
    // pdf.js transfers (detaches) the buffer it is given; the caller keeps its bytes.
    data: new Uint8Array(bytes),
    standardFontDataUrl,
    cMapUrl,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    // A malformed file is reported through `failed`, not as warnings on the console.
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    const document = await loadingTask.promise;
    const pages: string[] = [];
    let length = 0;
    for (let number = 1; number <= document.numPages && length <= maxChars; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      let pageText = '';
      for (const item of content.items) {
        if ('str' in item) pageText += item.str + (item.hasEOL ? '\n' : '');
      }
      page.cleanup();
      // Counted after normalisation, as the cap is: stopping on raw length could drop pages unmarked.
      const normalised = normaliseWhitespace(pageText);
      pages.push(normalised);
      length += normalised.length;
    }
    return pages.join('\n\n');
  } finally {
    await loadingTask.destroy();
  }
}

/**
 * The Word reader unpacks the whole package trusting the sizes it declares; so the package is
 * first unpacked here, counting what inflates, and refused past the limits.
 */
async function docxText(bytes: Uint8Array, unpack: UnpackLimits): Promise<string> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkZipUnpacks(buffer, unpack);
  const result = await mammoth.extractRawText({ buffer });
  return result.value;
}

function utf8Text(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Control characters but the whitespace ones; PostgreSQL refuses NUL in text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F]/g;

/**
 * One space for each run of spaces and tabs, no blank-only lines, at most one blank line between
 * paragraphs; line breaks are kept.
 */
function normaliseWhitespace(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/\r\n?/g, '\n')
    .replace(/\f/g, '\n\n')
    .replace(CONTROL_CHARACTERS, ' ')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function cap(text: string, maxChars: number): ExtractedText {
  if (text.length <= maxChars) return { text, truncated: false, failed: false };
  let end = maxChars;
  // Never cut a character in two: a lone high surrogate cannot be stored.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return { text: text.slice(0, end), truncated: true, failed: false };
}

/**
 * The text of a PDF, Word (DOCX), plain-text or CSV file, whitespace normalised and at most
 * `limits.maxChars` characters long. Other types have no text. Never throws.
 */
export async function extractText(
  bytes: Uint8Array,
  contentType: string,
  limits: TextLimits,
): Promise<ExtractedText> {
  const { maxChars } = limits;
  let raw: string;
  try {
    switch (mediaType(contentType)) {
      case 'application/pdf':
        raw = await pdfText(bytes, maxChars);
        break;
      case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
        raw = await docxText(bytes, limits.unpack);
        break;
      case 'text/plain':
      case 'text/csv':
        raw = utf8Text(bytes);
        break;
      default:
        return { text: '', truncated: false, failed: false };
    }
  } catch {
    return { text: '', truncated: false, failed: true };
  }
  return cap(normaliseWhitespace(raw), maxChars);
}
