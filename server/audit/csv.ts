/**
 * RFC 4180 fields and records. A field is quoted only when it must be (it holds a comma, a
 * double quote, CR or LF), with its quotes doubled; records end in CRLF as the RFC says, which
 * spreadsheet programs and CSV libraries all read.
 */

export type CsvValue = string | number | boolean | null;

/** @example csvField('say "hi", then go') // → '"say ""hi"", then go"' */
export function csvField(value: CsvValue): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF included. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
