import { validateRequestBody } from './support/openapi.js';

describe('the OpenAPI body check', () => {
  it('accepts a valid body and names what is wrong with a bad one', () => {
    expect(
      validateRequestBody('POST', '/repos/{owner}/{repo}/check-runs', { name: 'hunkwise', head_sha: 'abc', status: 'in_progress' }),
    ).toEqual([]);
    const errors = validateRequestBody('PATCH', '/repos/{owner}/{repo}/check-runs/{check_run_id}', {
      conclusion: 'great',
      output: { title: 't', summary: 'x'.repeat(70000), annotations: [{ path: 'a' }] },
    });
    expect(errors.join('\n')).toMatch(/conclusion/);
    expect(errors.join('\n')).toMatch(/longer than 65535/);
    expect(errors.join('\n')).toMatch(/missing required start_line/);
    expect(validateRequestBody('POST', '/repos/{owner}/{repo}/nope', {})).toHaveLength(1);
  });
});
