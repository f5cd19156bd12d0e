/** Check runs: created once, resumed after a lost worker, completed with annotations in chunks. */
import { CHECK_NAME, type CheckAnnotation, type CheckConclusion, type CheckRunOutput, type GitHubGateway } from '../gateway.js';
import { createOnce } from './create-once.js';
import { chunk, NO_BLIND_RETRY, type RepositoryClient } from './octokit-client.js';

/** The Checks API takes at most 50 annotations per request. */
export const ANNOTATIONS_PER_REQUEST = 50;

type ChecksPart = Pick<
  GitHubGateway,
  'createCheckRun' | 'openCheckRun' | 'findUnfinishedCheckRun' | 'findCheckRun' | 'updateCheckRun' | 'completeCheckRun'
>;

const sameSecond = (a: string | null | undefined, b: string): boolean =>
  typeof a === 'string' && Math.floor(Date.parse(a) / 1000) === Math.floor(Date.parse(b) / 1000);

export function checksPart({ octokit, owner, repo }: RepositoryClient): ChecksPart {
  /** The app's id from its own credentials (a locally signed JWT, no request); undefined when the client has none. */
  async function ownAppId(): Promise<number | undefined> {
    try {
      const auth = (await octokit.auth({ type: 'app' })) as { appId?: unknown } | undefined;
      return typeof auth?.appId === 'number' ? auth.appId : undefined;
    } catch {
      return undefined;
    }
  }

  /** This app's hunkwise check runs on a commit for one pull request (another app's cannot be updated with our token). */
  async function ownCheckRuns(headSha: string, externalId: string, filter: 'latest' | 'all') {
    const appId = await ownAppId();
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
      owner,
      repo,
      ref: headSha,
      check_name: CHECK_NAME,
      filter,
      // Every run of the commit, when looking for one a lost answer created.
      ...(filter === 'all' ? { per_page: 100 } : {}),
    });
    return data.check_runs.filter((c) => c.external_id === externalId && (appId === undefined || c.app?.id === appId));
  }

  async function updateCheckRun(
    checkRunId: number,
    input: { conclusion?: CheckConclusion; status?: 'in_progress'; output: CheckRunOutput },
  ): Promise<void> {
    const { annotations, ...text } = input.output;
    await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      owner,
      repo,
      check_run_id: checkRunId,
      ...(input.status === undefined ? {} : { status: input.status, started_at: new Date().toISOString() }),
      ...(input.conclusion === undefined
        ? {}
        : { status: 'completed' as const, conclusion: input.conclusion, completed_at: new Date().toISOString() }),
      output: { ...text, ...(annotations === undefined ? {} : { annotations: [...annotations] }) },
    });
  }

  async function createCheckRun(input: { headSha: string; externalId: string; output: CheckRunOutput; conclusion?: CheckConclusion }): Promise<number> {
    const { headSha, externalId, output, conclusion } = input;
    const now = new Date().toISOString();
    return createOnce(
      async () => {
        const { data } = await octokit.request('POST /repos/{owner}/{repo}/check-runs', {
          owner,
          repo,
          name: CHECK_NAME,
          head_sha: headSha,
          external_id: externalId,
          started_at: now,
          ...(conclusion === undefined ? { status: 'in_progress' as const } : { status: 'completed' as const, conclusion, completed_at: now }),
          output: { title: output.title, summary: output.summary },
          ...NO_BLIND_RETRY,
        });
        return Number(data.id);
      },
      // Ours, for this pull request, started by this very request.
      async () => {
        const run = (await ownCheckRuns(headSha, externalId, 'all')).find((c) => sameSecond(c.started_at, now));
        return run === undefined ? undefined : Number(run.id);
      },
    );
  }

  async function findUnfinishedCheckRun({ headSha, externalId }: { headSha: string; externalId: string }): Promise<number | undefined> {
    const run = (await ownCheckRuns(headSha, externalId, 'latest')).find((c) => c.status === 'in_progress' || c.status === 'queued');
    return run === undefined ? undefined : Number(run.id);
  }

  return {
    createCheckRun,
    findUnfinishedCheckRun,
    updateCheckRun,

    async openCheckRun({ headSha, externalId, output }) {
      // A worker killed mid-job left its check run in progress; the retry takes it over rather
      // than leave it spinning forever next to a new one.
      try {
        const leftOver = await findUnfinishedCheckRun({ headSha, externalId });
        if (leftOver !== undefined) {
          await updateCheckRun(leftOver, { status: 'in_progress', output });
          return { id: leftOver, resumed: true };
        }
      } catch {
        // Not knowing (or not reaching) a left-over run is no reason to stay invisible: create one.
      }
      return { id: await createCheckRun({ headSha, externalId, output }), resumed: false };
    },

    async findCheckRun({ headSha, externalId }) {
      const [run] = await ownCheckRuns(headSha, externalId, 'latest');
      return run === undefined ? undefined : { id: Number(run.id), status: run.status };
    },

    async completeCheckRun(checkRunId, { conclusion, output, annotations }) {
      const chunks = chunk(annotations, ANNOTATIONS_PER_REQUEST);
      // Annotations append across updates; the last update completes the run.
      for (const part of chunks.slice(0, -1)) await updateCheckRun(checkRunId, { output: { ...output, annotations: part } });
      const last = chunks.at(-1);
      await updateCheckRun(checkRunId, { conclusion, output: last === undefined ? output : { ...output, annotations: last } });
    },
  };
}

export type { CheckAnnotation };
