/**
 * The fake Slack's file uploads, as `files.uploadV2` of @slack/web-api drives them: (1)
 * `files.getUploadURLExternal` (filename, length) answers an `upload_url` and a `file_id`; (2) the
 * bytes are POSTed to that URL (the client sends multipart/form-data), which answers `OK - <bytes>`;
 * (3) `files.completeUploadExternal` (files: [{ id, title }], channel_id, thread_ts,
 * initial_comment) shares them and answers the file objects. A file completed before its bytes
 * arrived, or whose bytes are not the announced length, is refused as Slack refuses it.
 */

export interface UploadedFile {
  id: string;
  filename: string;
  /** The length announced in files.getUploadURLExternal. */
  length: number;
  /** The bytes POSTed to the upload URL, as text; null until they arrive. */
  content: string | null;
  title: string | null;
  /** Where files.completeUploadExternal shared it; null while private (or not yet completed). */
  channel: string | null;
  threadTs: string | null;
  initialComment: string | null;
  completed: boolean;
}

let lastId = 0;

export class FakeFiles {
  readonly files = new Map<string, UploadedFile>();

  constructor(private readonly baseUrl: () => string) {}

  getUploadURLExternal(body: Record<string, unknown>): Record<string, unknown> {
    const filename = typeof body.filename === 'string' ? body.filename : '';
    const length = Number(body.length);
    if (!filename || !Number.isInteger(length) || length < 1)
      return { ok: false, error: 'invalid_arguments' };
    lastId += 1;
    const id = `F0FAKE${String(lastId).padStart(5, '0')}`;
    this.files.set(id, {
      id,
      filename,
      length,
      content: null,
      title: null,
      channel: null,
      threadTs: null,
      initialComment: null,
      completed: false,
    });
    return { ok: true, upload_url: `${this.baseUrl()}/upload/v1/${id}`, file_id: id };
  }

  /** The POST of the bytes to the upload URL: status and text, as files.slack.com answers. */
  async upload(id: string, raw: Buffer, contentType: string | undefined): Promise<[number, string]> {
    const file = this.files.get(id);
    if (!file) return [404, 'file_not_found'];
    const bytes = await uploadedBytes(raw, contentType);
    if (bytes === null) return [400, 'no_file_data'];
    file.content = bytes.toString('utf8');
    return [200, `OK - ${bytes.length}`];
  }

  completeUploadExternal(body: Record<string, unknown>, user: string): Record<string, unknown> {
    const entries = Array.isArray(body.files) ? (body.files as { id?: unknown; title?: unknown }[]) : null;
    if (!entries?.length) return { ok: false, error: 'invalid_arguments' };
    const files = entries.map((entry) => this.files.get(String(entry.id)));
    if (files.some((f) => !f || f.content === null)) return { ok: false, error: 'file_not_found' };
    if (files.some((f) => f && Buffer.byteLength(f.content ?? '') !== f.length))
      return { ok: false, error: 'file_upload_size_mismatch' };
    const channel = typeof body.channel_id === 'string' ? body.channel_id : null;
    return {
      ok: true,
      files: (files as UploadedFile[]).map((file, i) => {
        const title = entries[i]?.title;
        file.title = typeof title === 'string' ? title : file.filename;
        file.channel = channel;
        file.threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : null;
        file.initialComment = typeof body.initial_comment === 'string' ? body.initial_comment : null;
        file.completed = true;
        return fileObject(file, user, this.baseUrl());
      }),
    };
  }
}

/** The file's bytes from the upload POST: the multipart part (as the client sends it), or the raw body. */
async function uploadedBytes(raw: Buffer, contentType: string | undefined): Promise<Buffer | null> {
  if (!contentType?.startsWith('multipart/form-data')) return raw.length ? raw : null;
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  return null;
}

/** A file object as files.completeUploadExternal answers it (the fields clients read). */
function fileObject(file: UploadedFile, user: string, base: string): Record<string, unknown> {
  const created = Math.floor(Date.now() / 1000);
  return {
    id: file.id,
    created,
    timestamp: created,
    name: file.filename,
    title: file.title,
    mimetype: file.filename.endsWith('.json') ? 'application/json' : 'text/plain',
    filetype: file.filename.endsWith('.json') ? 'json' : 'text',
    user,
    size: file.length,
    mode: 'hosted',
    is_external: false,
    is_public: file.channel?.startsWith('C') ?? false,
    url_private: `${base}/files-pri/T0FAKE-${file.id}/${file.filename}`,
    permalink: `${base}/files/${user}/${file.id}/${file.filename}`,
    channels: file.channel?.startsWith('C') ? [file.channel] : [],
    groups: [],
    ims: [],
    shares: {},
  };
}
