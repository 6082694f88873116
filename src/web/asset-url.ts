import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
const versions = new Map<string, string>();

/**
 * The URL of a file of src/web/public with a content hash, so browsers may cache it for a week
 * and still pick up a new version the moment it changes.
 */
export function assetUrl(name: string): string {
  let version = versions.get(name);
  if (version === undefined) {
    version = createHash('sha256')
      .update(readFileSync(path.join(PUBLIC_DIR, name)))
      .digest('hex')
      .slice(0, 10);
    versions.set(name, version);
  }
  return `/assets/${name}?v=${version}`;
}
