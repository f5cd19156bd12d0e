/**
 * A thin layer over nock for GitHub: REST interceptors named by their OpenAPI
 * route template (so every body the app sends is checked against GitHub's
 * description), GraphQL interceptors picked by what the query asks for, and a
 * record of every call for assertions.
 */
import nock from 'nock';
import { isKnownOperation, validateRequestBody } from './openapi.js';

export const API = 'https://api.github.com';

export interface RecordedCall {
  readonly method: string;
  /** The route template, or `graphql`. */
  readonly route: string;
  readonly path: string;
  readonly body: unknown;
}

export interface GraphqlBody {
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

type Reply = unknown | ((body: unknown) => unknown);

interface RestOptions {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** Query parameters to require; any query when omitted. */
  readonly query?: Record<string, string>;
  readonly times?: number;
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${template}`);
    // Octokit encodes every parameter, slashes of `{path}` included (%2F).
    return encodeURIComponent(String(value));
  });
}

function pathOf(request: Request): string {
  const url = new URL(request.url);
  return url.pathname + url.search;
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string' || body === '') return body === '' ? undefined : body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

export class GitHubMock {
  readonly calls: RecordedCall[] = [];
  readonly violations: string[] = [];
  /** Requests no interceptor matched: the app saw an error the test did not plan. */
  readonly unmatched: string[] = [];
  private readonly scope: nock.Scope;

  constructor(readonly base: string = API) {
    this.scope = nock(new URL(base).origin);
    // One mock per test: a listener left by an earlier test would record into its mock.
    nock.emitter.removeAllListeners('no match');
    nock.emitter.on('no match', (request: { method?: string; url?: string; path?: string }) => {
      this.unmatched.push(`${request.method ?? '?'} ${request.url ?? request.path ?? '?'}`);
    });
  }

  /** A REST call, e.g. `rest('POST', '/repos/{owner}/{repo}/check-runs', {owner, repo}, {id: 1})`. */
  rest(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    route: string,
    params: Record<string, string | number>,
    reply: Reply,
    options: RestOptions = {},
  ): this {
    if (!isKnownOperation(method, route)) throw new Error(`${method} ${route} is not in GitHub's OpenAPI description`);
    const path = this.prefix() + fill(route, params);
    let interceptor = this.scope.intercept(path, method);
    interceptor = options.query === undefined ? interceptor.query(true) : interceptor.query(options.query);
    // nock 15 hands reply functions the fetch Request; a one-argument function is not taken for a callback.
    interceptor.times(options.times ?? 1).reply(async (request: Request) => {
      const body = parseBody(await request.text());
      this.calls.push({ method, route, path: pathOf(request), body });
      if (method !== 'GET') this.violations.push(...validateRequestBody(method, route, body));
      const payload = typeof reply === 'function' ? (reply as (b: unknown) => unknown)(body) : reply;
      return [options.status ?? (method === 'POST' ? 201 : 200), payload as nock.Body, options.headers ?? {}];
    });
    return this;
  }

  /** A GraphQL request whose query satisfies `matches` (e.g. contains `reviewThreads`). */
  graphql(
    matches: (body: GraphqlBody) => boolean,
    reply: unknown | ((body: GraphqlBody) => unknown),
    options: { status?: number; times?: number } = {},
  ): this {
    this.scope
      .post(`${this.graphqlPath()}`, (body: GraphqlBody) => typeof body?.query === 'string' && matches(body))
      .times(options.times ?? 1)
      .reply(async (request: Request) => {
        const body = parseBody(await request.text()) as GraphqlBody;
        this.calls.push({ method: 'POST', route: 'graphql', path: pathOf(request), body });
        if (typeof body.query !== 'string' || typeof body.variables !== 'object') {
          this.violations.push('graphql: a request without query or variables');
        }
        const payload = typeof reply === 'function' ? (reply as (b: GraphqlBody) => unknown)(body) : reply;
        return [options.status ?? 200, payload as nock.Body];
      });
    return this;
  }

  /** Bodies sent to one route, in order. */
  bodies(method: string, route: string): unknown[] {
    return this.calls.filter((c) => c.method === method && c.route === route).map((c) => c.body);
  }

  graphqlBodies(matches: (body: GraphqlBody) => boolean): GraphqlBody[] {
    return this.calls
      .filter((c) => c.route === 'graphql')
      .map((c) => c.body as GraphqlBody)
      .filter(matches);
  }

  /** Every interceptor was used, every request was expected, and every body fit GitHub's description. */
  assertDone(): void {
    expect(this.violations).toEqual([]);
    expect(this.unmatched).toEqual([]);
    expect(nock.pendingMocks()).toEqual([]);
    expect(nock.isDone()).toBe(true);
  }

  /** REST path prefix: `/api/v3` on GitHub Enterprise Server, nothing on github.com. */
  private prefix(): string {
    return new URL(this.base).pathname.replace(/\/$/, '');
  }

  private graphqlPath(): string {
    const p = this.prefix();
    return p.endsWith('/api/v3') ? p.replace(/\/api\/v3$/, '/api/graphql') : `${p}/graphql`;
  }
}
