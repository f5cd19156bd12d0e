/** Python files with known findings, for pull requests on the stand-in. */

/** Two `shell=True` calls with built strings: two findings on added lines. */
export const DEPLOY_PY = `import subprocess


def deploy(branch):
    subprocess.run("git checkout " + branch, shell=True)
    return subprocess.call(f"make {branch}", shell=True)
`;

/** The same file after a push: one more finding. */
export const DEPLOY_PY_V2 = `${DEPLOY_PY}

def clean(path):
    subprocess.check_output("rm -rf %s" % path, shell=True)
`;

export const CLEAN_PY = `def add(a, b):
    return a + b
`;

/** A 40-hex commit id from a label, so tests read well and ids never collide. */
export function sha(label: string): string {
  let h = 0x9e3779b9;
  let out = '';
  for (let round = 0; out.length < 40; round++) {
    for (const ch of `${label}#${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}
