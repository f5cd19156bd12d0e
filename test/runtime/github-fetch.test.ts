/**
 * The fetch under hunkwise's Octokit: time limits over headers and body. (Creation that
 * happens once under retries is the gateway's: test/github/create-once.test.ts.)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGitHubFetch } from '../../src/runtime/github-fetch.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let base: string;
let handler: Handler;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}`);
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  seen.length = 0;
});

const json = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
};

const fetchGitHub = createGitHubFetch({ timeoutMs: 300 });

describe('createGitHubFetch', () => {
  it('passes answers through, body and all', async () => {
    handler = (_req, res) => json(res, 200, { ok: true });
    const response = await fetchGitHub(`${base}/repos/o/r/pulls/1`, { method: 'GET' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('fails a request that never answers, so the retry plugin can try again', async () => {
    handler = () => undefined;
    await expect(fetchGitHub(`${base}/repos/o/r/pulls/1`, { method: 'GET' })).rejects.toThrow(/timeout|aborted/i);
  });

  it('fails a request whose body stalls after the headers, instead of handing Octokit an empty body', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    };
    await expect(fetchGitHub(`${base}/repos/o/r/pulls/1`, { method: 'GET' })).rejects.toThrow(/timeout|aborted/i);
  });

  it('passes a 5xx through: retrying is the retry plugin’s (and, for a creation, the gateway’s) to decide', async () => {
    handler = (_req, res) => json(res, 500, { message: 'boom' });
    const response = await fetchGitHub(`${base}/repos/o/r/check-runs/8`, { method: 'PATCH', body: '{}' });
    expect(response.status).toBe(500);
    expect(seen).toEqual(['PATCH /repos/o/r/check-runs/8']);
  });
});
