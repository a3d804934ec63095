/** The OpenAPI description of the file download, which is served outside the JSON router. */
export function recordingFileOpenApiPaths() {
  const error = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  return {
    '/recording-files/{recording_id}': {
      get: {
        operationId: 'downloadRecordingFile',
        summary: "Download a recording's file",
        tags: ['Recordings'],
        description: [
          "A finished (UPLOADED) recording's MP4, by the `download_url` its recording carries: the link is",
          "signed with the app's secret and works for an hour (`download_url_expiry`) without other credentials,",
          'so a `<video>` element can play it. `Range: bytes=…` (one range) answers 206 with `Content-Range`,',
          'so players can seek; a range past the end is 416 with `Content-Range: bytes */<size>`. HEAD is',
          'answered too.',
        ].join(' '),
        security: [],
        parameters: [
          { name: 'recording_id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          { name: 'expires', in: 'query', required: true, schema: { type: 'string', pattern: '^[0-9]+$' } },
          { name: 'signature', in: 'query', required: true, schema: { type: 'string' } },
          {
            name: 'Range',
            in: 'header',
            required: false,
            schema: { type: 'string', example: 'bytes=0-1023' },
          },
        ],
        responses: {
          '200': {
            description: 'The whole file.',
            content: { 'video/mp4': { schema: { type: 'string', format: 'binary' } } },
          },
          '206': {
            description: 'The byte range asked for.',
            content: { 'video/mp4': { schema: { type: 'string', format: 'binary' } } },
          },
          '403': {
            description: 'The link is expired or its signature is wrong (`forbidden:download_link`).',
            ...error,
          },
          '404': { description: 'No such recording, or its file is not (or no longer) stored.', ...error },
          '416': { description: 'The range starts past the end of the file.', ...error },
          '503': { description: 'The storage cannot be reached (`unavailable:storage`).', ...error },
        },
      },
    },
  };
}
