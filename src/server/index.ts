export { createApiServer, DEFAULT_BODY_LIMIT, type ApiServerOptions } from './api-server.js';
export { listen, closeGracefully, type ListenOptions, type Listening } from './listen.js';
export type { Authorizer } from './query-dispatch.js';
export type { AuditSink, CloudTrailRecord } from './audit.js';
