import { filterSarif, uriToPath } from '../../src/action/filter-sarif.js';
import { pathToUri } from '../../src/render/sarif.js';

const location = (p: string) => [{ physicalLocation: { artifactLocation: { uri: pathToUri(p), uriBaseId: '%SRCROOT%' } } }];

describe('filterSarif', () => {
  it('keeps results and notifications for the selected files, and every rule', () => {
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { rules: [{ id: 'r1' }, { id: 'r2' }] } },
          invocations: [{ executionSuccessful: true, toolExecutionNotifications: [{ locations: location('src/a b#.py') }, { locations: location('lib/x.py') }] }],
          results: [
            { ruleId: 'r1', ruleIndex: 0, locations: location('src/a b#.py') },
            { ruleId: 'r2', ruleIndex: 1, locations: location('lib/x.py') },
          ],
        },
      ],
    };
    const out = JSON.parse(filterSarif(JSON.stringify(log), (p) => p.startsWith('src/'))) as typeof log;
    expect(out.runs[0].results.map((r) => r.ruleId)).toEqual(['r1']);
    expect(out.runs[0].invocations[0].toolExecutionNotifications).toHaveLength(1);
    expect(out.runs[0].tool.driver.rules).toHaveLength(2);
  });

  it('decodes the percent-encoded segments hunkwise writes', () => {
    expect(uriToPath(pathToUri('d/é %2C,x.py'))).toBe('d/é %2C,x.py');
    expect(uriToPath('bad%zz.py')).toBe('bad%zz.py');
  });
});
