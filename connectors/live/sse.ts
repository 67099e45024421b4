/**
 * Server-Sent Events (text/event-stream) as the gateway writes them on GET /api/v1/events, parsed
 * incrementally: feed text as it arrives, in pieces of any size. Comment lines (": heartbeat") are
 * skipped, data lines of one event are joined with newlines, CRLF is read as LF. Pure and free of
 * Node APIs: `edgetwin record` and the web app's Fleet panel share it.
 */

/** One server-sent event. */
export interface SseEvent { event: string; data: string }

/** An incremental SSE parser (text/event-stream): feed it text as it arrives. */
export function sseParser(onEvent: (e: SseEvent) => void): (text: string) => void {
  let buf = '';
  let event = '';
  let data: string[] = [];
  return (text) => {
    buf += text;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).replace(/\r$/, '');
      buf = buf.slice(nl + 1);
      if (line === '') {
        if (data.length) onEvent({ event: event || 'message', data: data.join('\n') });
        event = ''; data = [];
      } else if (line.startsWith(':')) {
        continue;
      } else {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
    }
  };
}
