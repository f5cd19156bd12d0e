/**
 * A server that cannot listen is a configuration problem (the port is taken, or
 * privileged): one line saying which setting to change, not a stack.
 */
export function listenFailure(setting: string, host: string, port: number, error: unknown): string {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  const where = `${host}:${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return `${where} is already in use (EADDRINUSE): stop what listens there or set another ${setting}`;
    case 'EACCES':
      return `not allowed to listen on ${where} (EACCES): ports under 1024 need privileges; set another ${setting}`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `HOST ${host} is not an address of this machine (${code}): set HOST, e.g. 0.0.0.0 or 127.0.0.1`;
    default:
      return `cannot listen on ${where}${code === undefined ? '' : ` (${code})`}: check HOST and ${setting}`;
  }
}

/** The server's URL as seen from this machine (a wildcard host is not an address to connect to). */
export function localUrl(host: string, port: number): string {
  const local = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  return `http://${local}:${port}`;
}
