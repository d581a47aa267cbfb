import { createHash, randomBytes } from 'node:crypto';

// Keys carry 256 random bits, so a fast hash is enough: there is nothing to brute-force.
const PREFIX = 'cc_';

export function generateApiKey(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
