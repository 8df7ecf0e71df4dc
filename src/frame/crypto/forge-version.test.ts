import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * node-forge before 1.4.0 has published signature and ASN.1 parsing flaws; the frame's
 * decryption rests on it, so an older copy must never be installed, by range or by lock.
 */
const atLeast = (version: string, [major, minor]: [number, number]) => {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
};

describe('node-forge', () => {
  it('is installed at 1.4.0 or later', () => {
    const installed = JSON.parse(readFileSync('node_modules/node-forge/package.json', 'utf8')) as { version: string };
    expect(atLeast(installed.version, [1, 4])).toBe(true);
  });

  it('is required at 1.4.0 or later by package.json and the lockfile', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    expect(atLeast(pkg.dependencies['node-forge']!.replace(/^[^\d]*/, ''), [1, 4])).toBe(true);
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version: string }> };
    expect(atLeast(lock.packages['node_modules/node-forge']!.version, [1, 4])).toBe(true);
  });
});
