import { githubRepositoryOf } from '../../src/cli/github-remote.js';

describe('githubRepositoryOf', () => {
  it.each([
    ['https://github.com/acme/widgets.git', 'acme/widgets'],
    ['https://github.com/acme/widgets', 'acme/widgets'],
    ['https://user:token@github.com/acme/widgets.git', 'acme/widgets'],
    ['git@github.com:acme/widgets.git', 'acme/widgets'],
    ['ssh://git@github.com/acme/wid.gets.git', 'acme/wid.gets'],
  ])('%s → %s', (url, expected) => {
    const r = githubRepositoryOf(url);
    expect(r === undefined ? undefined : `${r.owner}/${r.repo}`).toBe(expected);
  });

  it.each(['https://gitlab.com/acme/widgets.git', 'https://github.com.evil.example/acme/w', 'https://github.com/acme/w/x', '/srv/git/w.git', 'https://github.com/a<b/w'])(
    'refuses %s',
    (url) => expect(githubRepositoryOf(url)).toBeUndefined(),
  );
});
