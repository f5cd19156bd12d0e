/**
 * Setup mode's manifest comes from hunkwise's own app.yml and package.json,
 * wherever the process was started.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { packageRoot, usePackageAppManifest } from '../../src/runtime/use-package-app-manifest.js';

const silent = { warn: () => undefined, info: () => undefined };

test('packageRoot finds the folder of the package named hunkwise, and none above a foreign tree', () => {
  const root = packageRoot();
  expect(root).toBeDefined();
  expect(JSON.parse(readFileSync(join(root ?? '', 'package.json'), 'utf8'))).toMatchObject({ name: 'hunkwise' });
  const foreign = mkdtempSync(join(tmpdir(), 'hw-root-'));
  try {
    expect(packageRoot(foreign)).toBeUndefined();
  } finally {
    rmSync(foreign, { recursive: true, force: true });
  }
});

test("Probot's manifest carries app.yml's name, events and permissions, whatever the working directory", async () => {
  const root = packageRoot() ?? '';
  await expect(usePackageAppManifest(silent, root)).resolves.toBe(true);
  const probotLib = dirname(createRequire(import.meta.url).resolve('probot'));
  const { ManifestCreation } = (await import(pathToFileURL(join(probotLib, 'manifest-creation.js')).href)) as {
    ManifestCreation: new () => { getManifest(o: { pkg: unknown; baseUrl: string }): string };
  };
  // What Probot passes from another folder: no package.json there, so an empty pkg.
  const manifest = JSON.parse(new ManifestCreation().getManifest({ pkg: {}, baseUrl: 'http://localhost:3000' })) as Record<string, unknown>;
  const appYml = parse(readFileSync(join(root, 'app.yml'), 'utf8')) as Record<string, unknown>;
  expect(manifest.name).toBe('hunkwise');
  expect(manifest.default_permissions).toEqual(appYml.default_permissions);
  expect(manifest.default_events).toEqual(appYml.default_events);
  expect(manifest.redirect_url).toBe('http://localhost:3000/probot/setup');
});

test('no package folder: false, and setup mode goes on with the working directory', async () => {
  const warnings: string[] = [];
  const foreign = mkdtempSync(join(tmpdir(), 'hw-root-'));
  try {
    await expect(usePackageAppManifest({ warn: (m: string) => warnings.push(m), info: () => undefined } as never, foreign)).resolves.toBe(false);
  } finally {
    rmSync(foreign, { recursive: true, force: true });
  }
  expect(warnings).toHaveLength(1);
});
