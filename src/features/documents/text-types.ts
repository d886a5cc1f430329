// Which files have text to extract, decided without loading the readers: the server process
// queues extraction by this, and only parser processes load pdf.js and the Word reader.

/** The media type without parameters: "text/plain; charset=utf-8" gives "text/plain". */
export function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

const TEXT_TYPES = new Set([
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/plain',
  'text/csv',
]);

/** PDF, Word, plain text and CSV have text; any other file has none to wait for. */
export function hasExtractableText(contentType: string): boolean {
  return TEXT_TYPES.has(mediaType(contentType));
}
