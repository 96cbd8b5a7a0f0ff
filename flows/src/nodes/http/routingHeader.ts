/**
 * Request headers that decide where a request goes or how it is framed, rather than what it
 * says: on a shared gateway `Host` or `X-Forwarded-For` pick another service or fake the
 * caller's address (with the backend's token attached), `Content-Length` or `Transfer-Encoding`
 * smuggle a second request. The HTTP client sets the ones it needs; an `http` node sets none.
 */
const ROUTING_HEADER =
  /^(host|forwarded|x-forwarded-[a-z0-9-]*|x-real-ip|x-client-ip|true-client-ip|x-cluster-client-ip|x-original-url|x-rewrite-url|content-length|transfer-encoding|connection|keep-alive|te|trailer|upgrade|proxy-[a-z0-9-]*)$/i;

/** Whether an `http` node may not set this request header (lint and runtime refuse it alike). */
export function isRoutingHeader(name: string): boolean {
  return ROUTING_HEADER.test(name.trim());
}
