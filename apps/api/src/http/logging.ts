/**
 * Paths pino removes from every log line. Request logs carry method, URL and remote address
 * only. These paths cover the headers and fields that identify a person or contain a
 * credential, in case a serializer or a handler ever logs them.
 */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-dev-user"]',
  'req.headers["api-secret"]',
  'req.body',
  'secret',
  'password',
  'res.body',
];
