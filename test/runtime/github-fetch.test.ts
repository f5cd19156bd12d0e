/**
 * The fetch under hunkwise's Octokit: time limits, and the look for a review or
 * check run that a failed request may have created before it is retried.
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
const review = { commit_id: 'abc', body: 'hunkwise found 1 new finding', event: 'COMMENT', comments: [] };

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

  it('answers with the review a lost 502 had in fact created, rather than letting it be posted twice', async () => {
    handler = (req, res) => {
      if (req.method === 'POST') return json(res, 502, { message: 'Bad Gateway' });
      const page = new URL(req.url ?? '', base).searchParams.get('page');
      if (page === null) {
        return json(res, 200, [{ id: 1, commit_id: 'abc', body: 'another review' }], {
          link: `<${base}/repos/o/r/pulls/1/reviews?per_page=100&page=2>; rel="next"`,
        });
      }
      return json(res, 200, [{ id: 2, commit_id: 'abc', body: review.body }]);
    };
    const response = await fetchGitHub(`${base}/repos/o/r/pulls/1/reviews`, {
      method: 'POST',
      headers: { authorization: 'token t', 'content-type': 'application/json' },
      body: JSON.stringify(review),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 2 });
    expect(seen).toEqual([
      'POST /repos/o/r/pulls/1/reviews',
      'GET /repos/o/r/pulls/1/reviews?per_page=100',
      'GET /repos/o/r/pulls/1/reviews?per_page=100&page=2',
    ]);
  });

  it('keeps the failure when the review was not created, for the retry plugin', async () => {
    handler = (req, res) => (req.method === 'POST' ? req.socket.destroy() : json(res, 200, []));
    await expect(
      fetchGitHub(`${base}/repos/o/r/pulls/1/reviews`, { method: 'POST', body: JSON.stringify(review) }),
    ).rejects.toThrow();
    expect(seen).toEqual(['POST /repos/o/r/pulls/1/reviews', 'GET /repos/o/r/pulls/1/reviews?per_page=100']);
  });

  it('finds a check run a lost answer created, by external id and start time', async () => {
    const startedAt = '2026-01-02T03:04:05.678Z';
    handler = (req, res) => {
      if (req.method === 'POST') return json(res, 503, { message: 'unavailable' });
      return json(res, 200, {
        total_count: 2,
        check_runs: [
          { id: 7, external_id: 'pull:1', started_at: '2026-01-02T03:00:00Z' },
          { id: 8, external_id: 'pull:1', started_at: '2026-01-02T03:04:05Z' },
        ],
      });
    };
    const response = await fetchGitHub(`${base}/repos/o/r/check-runs`, {
      method: 'POST',
      body: JSON.stringify({ name: 'hunkwise', head_sha: 'abc', external_id: 'pull:1', started_at: startedAt }),
    });
    expect(await response.json()).toMatchObject({ id: 8 });
    expect(seen[1]).toBe('GET /repos/o/r/commits/abc/check-runs?check_name=hunkwise&filter=all&per_page=100');
  });

  it('leaves other writes alone: a 500 on an update is the retry plugin’s to handle', async () => {
    handler = (_req, res) => json(res, 500, { message: 'boom' });
    const response = await fetchGitHub(`${base}/repos/o/r/check-runs/8`, { method: 'PATCH', body: '{}' });
    expect(response.status).toBe(500);
    expect(seen).toEqual(['PATCH /repos/o/r/check-runs/8']);
  });
});
