const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** C0 controls and DEL, except tab and line breaks, which questions legitimately contain. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * Makes client text safe to search, log and echo: an unpaired surrogate (which cannot be encoded
 * as UTF-8 and would corrupt JSON downstream) becomes U+FFFD, and invisible control characters
 * are dropped.
 */
export function cleanText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, '');
}
