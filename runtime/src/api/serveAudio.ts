import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import type { AudioLibrary } from '../audio/audioLibrary.ts';
import { notFound } from '../errors.ts';
import type { Logger } from '../logger.ts';

const AUDIO_TYPES = new Set(['audio/wav', 'audio/mpeg', 'audio/ogg']);

/**
 * What goes with every prompt, whatever the store holds (a restored backup may have been edited):
 * an audio type, or bytes to download (never a page the browser would run on the designer's
 * origin); no script, no sniffing; the file's own name, quoted safely.
 */
function safetyHeaders(contentType: string, name: string): Record<string, string> {
  const audio = AUDIO_TYPES.has(contentType);
  const filename = (name.slice(name.lastIndexOf('/') + 1) || 'audio').replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 120);
  return {
    'content-type': audio ? contentType : 'application/octet-stream',
    'content-disposition': `${audio ? 'inline' : 'attachment'}; filename="${filename}"`,
    'content-security-policy': "default-src 'none'; sandbox",
    'x-content-type-options': 'nosniff',
  };
}

/** The headers that describe the file, set before its bytes are read. */
const FILE_HEADERS = ['content-type', 'content-disposition', 'content-security-policy', 'x-content-type-options', 'accept-ranges', 'etag', 'last-modified', 'cache-control', 'content-range'];

/**
 * The file's headers taken back before an error answer (a file gone before its first byte, the
 * store failing there): a 404 or 500 does not go out as the file's type, under its ETag, nor
 * `public, max-age=300` (a shared cache in front of the voice platform would keep the error five
 * minutes for a prompt every call plays).
 */
function unsent(res: Response): void {
  for (const header of FILE_HEADERS) res.removeHeader(header);
  res.status(200);
}

/** Where a cut answer is said (the request log has no line for it: an answer destroyed never finishes). */
export type AudioServeLog = Pick<Logger, 'warn'>;

/**
 * Writes the parts as the socket takes them: the next part is read only once the last was taken
 * (`write` answering false waits for `drain`), so a slow player holds about a part in the server,
 * not the file; a client gone stops the reading (the parts' iterator returned, no part read
 * after). Parts that fail mid-way (the file's bytes removed while read, the store failing) cut
 * the answer: its length falls short of `content-length`, the client knows it is not whole, and
 * never gets another file's bytes; the cut is logged (a warning with the file, the bytes sent and
 * why), as the request log never sees an answer destroyed. A client gone is not logged: players
 * drop a connection whenever they seek.
 */
async function sendParts(res: Response, parts: AsyncIterator<Buffer>, first: IteratorResult<Buffer>, cut: (sent: number, error: unknown) => void): Promise<void> {
  let sent = 0;
  let failure: { error: unknown } | undefined;
  async function* watched(): AsyncGenerator<Buffer> {
    let next = first;
    try {
      while (!next.done) {
        sent += next.value.length;
        yield next.value;
        next = await parts.next();
      }
    } catch (error) {
      failure = { error };
      throw error;
    } finally {
      // Stopped early (a client gone): the store's reading let go, no part read after.
      if (!failure && !next.done) await parts.return?.();
    }
  }
  try {
    await pipeline(watched(), res);
  } catch {
    // The client went away, or the parts failed: pipeline destroyed the answer (cut, not ended).
    if (failure) cut(sent, failure.error);
  }
}

/**
 * GET/HEAD /audio/<flowId>/<name>: a recorded prompt from the Store, for jambonz and media
 * players. Answers a single byte range with 206 (players seek, some fetch in parts), an
 * unsatisfiable one with 416, several ranges with the whole file; the content hash is the ETag,
 * so a platform that cached the prompt gets 304 until it changes (only a name no published version
 * plays can change: AudioLibrary, and such a name is never cached without asking). No login for
 * a prompt a published version plays (staging, production or any other): jambonz, WhatsApp and
 * the other platforms fetch prompts without credentials (what callers hear; a tester's phone
 * routed to staging or to a version plays published versions only). A take no published version
 * plays (a draft's) only to a signed-in user of the designer (`mayHearDrafts`: the simulator, the
 * recording panel); to anyone else it is not there (404), as an unknown name.
 */
export function serveAudio(library: AudioLibrary, mayHearDrafts: (req: Request) => Promise<boolean> = async () => false, log?: AudioServeLog) {
  const serve = answer(library, mayHearDrafts, log);
  return async (req: Request, res: Response): Promise<void> => {
    try {
      await serve(req, res);
    } catch (error) {
      // Failing before a byte went (the file gone, the store failing): the error's answer, not the file's headers.
      if (!res.headersSent) unsent(res);
      throw error;
    }
  };
}

function answer(library: AudioLibrary, mayHearDrafts: (req: Request) => Promise<boolean>, log?: AudioServeLog) {
  return async (req: Request, res: Response): Promise<void> => {
    const flowId = String(req.params.flowId ?? '');
    const rest = req.params.name as unknown;
    const name = Array.isArray(rest) ? rest.join('/') : String(rest ?? '');
    const [info, frozen] = await Promise.all([library.info(flowId, name), library.isFrozen(flowId, name)]);
    if (!info) throw notFound('audio_not_found', `no recorded prompt at /audio/${flowId}/${name}`);
    // A signed-in user of the designer hears any take: no need to ask which versions name it. For
    // anyone else, the versions' names, kept in memory while the flow's versions are unchanged
    // (the frozen ones were read above): an anonymous request costs a few small reads, not the
    // list of the flow's versions.
    let published = frozen;
    if (!frozen && !(await mayHearDrafts(req))) {
      published = await library.isNamedByAVersion(flowId, name);
      if (!published) throw notFound('audio_not_found', `no recorded prompt at /audio/${flowId}/${name}`);
    }
    res.set({
      ...safetyHeaders(info.contentType, name),
      'accept-ranges': 'bytes',
      etag: `"${info.sha256}"`,
      'last-modified': new Date(info.uploadedAt).toUTCString(),
      // A name a published version plays never changes (the store refuses it): five minutes, then
      // revalidated by ETag, so a platform caching by URL keeps what that version recorded (a
      // rollback plays it again, same bytes, same ETag). A draft's take is replaced in place when
      // re-recorded: every fetch asks, and the content hash says at once whether it changed; and
      // as it is served to the designer's users only, no shared cache keeps it (nor a published
      // one not frozen yet served to them: it was not asked which).
      'cache-control': frozen ? 'public, max-age=300' : published ? 'no-cache' : 'private, no-cache',
    });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    // If-Range: a range only of the version the client has; otherwise the whole (new) file.
    const ifRange = req.get('if-range');
    const ranges = ifRange && ifRange !== `"${info.sha256}"` ? undefined : req.range(info.bytes, { combine: true });
    if (ranges === -1) {
      res.status(416).set('content-range', `bytes */${info.bytes}`).end();
      return;
    }
    const single = Array.isArray(ranges) && ranges.type === 'bytes' && ranges.length === 1 ? ranges[0]! : undefined;
    if (req.method === 'HEAD') {
      res.status(single ? 206 : 200).set('content-length', String(single ? single.end - single.start + 1 : info.bytes));
      if (single) res.set('content-range', `bytes ${single.start}-${single.end}/${info.bytes}`);
      res.end();
      return;
    }
    // Opened once: the file read is fixed from here (a replacement or a delete meanwhile never mixes its bytes in).
    let reading = await library.open(flowId, name, single);
    // Deleted between the two reads.
    if (!reading) throw notFound('audio_not_found', `no recorded prompt at /audio/${flowId}/${name}`);
    if (single && reading.audio.sha256 === info.sha256) {
      res.status(206).set('content-range', `bytes ${reading.start}-${reading.start + reading.length - 1}/${info.bytes}`);
    } else if (single) {
      // Replaced between the two reads: the new file whole, under its own ETag.
      reading = await library.open(flowId, name);
      if (!reading) throw notFound('audio_not_found', `no recorded prompt at /audio/${flowId}/${name}`);
      res.status(200);
    }
    // The headers describe the file whose bytes go (replaced between the two reads: the new one, under its own ETag and type).
    if (reading.audio.sha256 !== info.sha256) {
      res.set({ etag: `"${reading.audio.sha256}"`, 'last-modified': new Date(reading.audio.uploadedAt).toUTCString(), ...safetyHeaders(reading.audio.contentType, name) });
    }
    // The first part read before anything is sent: failing there, the client gets an answer (404 when the file went meanwhile), not a connection closed.
    const parts = reading.parts[Symbol.asyncIterator]();
    let first: IteratorResult<Buffer>;
    try {
      first = await parts.next();
    } catch (error) {
      if (!(await library.info(flowId, name))) throw notFound('audio_not_found', `no recorded prompt at /audio/${flowId}/${name}`);
      throw error;
    }
    res.set('content-length', String(reading.length));
    const { length, audio } = reading;
    await sendParts(res, parts, first, (sent, error) =>
      log?.warn(
        { flowId, name, sha256: audio.sha256, sent, length, error: error instanceof Error ? error.message : String(error) },
        'a recorded prompt was cut short: its bytes failed while they were sent',
      ),
    );
  };
}
