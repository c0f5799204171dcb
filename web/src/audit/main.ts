import { byId } from '../dom';
import { renderList } from './list-view';
import { renderRecord } from './record-view';

/**
 * The audit page: `/audit` lists recorded answers, `/audit/<id>` shows one record. The server
 * sends the same `audit.html` for both; the path decides what is drawn.
 */
const root = byId<HTMLElement>('audit-root');
const match = /^\/audit\/([^/]+)\/?$/.exec(location.pathname);
if (match?.[1]) {
  void renderRecord(root, decodeSegment(match[1]));
} else {
  renderList(root);
}

/** A path segment decoded, or as it is when it is not valid percent-encoding (the server then says "not found"). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
