import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { deriveKey } from './derive-key.ts';

export { deriveKey } from './derive-key.ts';

/** Length in bytes of the master key and of every derived key. */
export const MASTER_KEY_LENGTH = 32;

/** The subkeys derived from the master key, one per purpose so that a leak of one use does not reach the others. */
export type KeyRing = {
  /** Wraps (encrypts) the per-report data keys. */
  wrapKey: Buffer;
  /** Keys the HMAC of citizen receipts. */
  receiptKey: Buffer;
  /** Derives a report's receipt from the token of the device that transmitted it. */
  receiptDerivationKey: Buffer;
  /** Keys the HMAC of conversation access tokens and session cookies. */
  tokenKey: Buffer;
  /** Keys the blind indexes of searchable facts. */
  blindIndexKey: Buffer;
  /** Encrypts the agents' TOTP secrets (the database alone cannot produce their codes). */
  totpKey: Buffer;
  /** Keys the HMAC of agent session tokens and of the sign-in throttle's usernames. */
  agentTokenKey: Buffer;
  /** The password of the server's own database role (db/app-role.ts), never stored. */
  appRolePassword: string;
};

export type LoadMasterKeyOptions = {
  /** Raw value of the environment variable (base64 or hex of 32 bytes); wins over the file when non-empty. */
  envValue?: string;
  /** Path of the key file (base64 text). */
  keyFile: string;
  /** Create the key file (mode 0600) when it does not exist. */
  createIfMissing: boolean;
};

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/]{43}=?$/;
const BASE64URL_KEY = /^[A-Za-z0-9_-]{43}=?$/;

/**
 * Parses a master key written as hex (64 digits) or base64/base64url (32 bytes).
 * Throws a French error naming `source` (never echoing the value, which is a secret).
 */
export function parseMasterKey(value: string, source: string): Buffer {
  const text = value.trim();
  let key: Buffer | undefined;
  if (HEX_KEY.test(text)) {
    key = Buffer.from(text, 'hex');
  } else if (BASE64_KEY.test(text)) {
    key = Buffer.from(text, 'base64');
  } else if (BASE64URL_KEY.test(text)) {
    key = Buffer.from(text, 'base64url');
  }
  if (key?.length !== MASTER_KEY_LENGTH) {
    throw new Error(
      `Clé maîtresse invalide (${source}) : attendu 32 octets encodés en base64 (44 caractères) ` +
        'ou en hexadécimal (64 caractères). Générez-en une avec : openssl rand -base64 32',
    );
  }
  return key;
}

/**
 * Loads the 32-byte master key, from `envValue` when set, otherwise from `keyFile`.
 * A missing file is created (0600, atomically, never overwriting a concurrent creation) when
 * `createIfMissing`; an existing file readable by group or others is refused.
 */
export async function loadMasterKey(options: LoadMasterKeyOptions): Promise<Buffer> {
  if (options.envValue !== undefined && options.envValue.trim() !== '') {
    return parseMasterKey(options.envValue, "variable d'environnement");
  }
  const { keyFile } = options;
  let mode: number;
  try {
    const info = await stat(keyFile);
    if (!info.isFile()) {
      throw new Error(`Le fichier de clé maîtresse ${keyFile} n'est pas un fichier ordinaire.`);
    }
    mode = info.mode;
  } catch (error) {
    if (!isNodeError(error, 'ENOENT')) throw error;
    if (!options.createIfMissing) {
      throw new Error(
        `Clé maîtresse introuvable : ni variable d'environnement ni fichier ${keyFile}. ` +
          'Fournissez la clé ou autorisez sa création.',
      );
    }
    return createKeyFile(keyFile);
  }
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `Le fichier de clé maîtresse ${keyFile} est lisible par d'autres utilisateurs ` +
        `(droits ${(mode & 0o777).toString(8).padStart(4, '0')}). Corrigez avec : chmod 600 ${keyFile}`,
    );
  }
  return parseMasterKey(await readFile(keyFile, 'utf8'), `fichier ${keyFile}`);
}

/** Derives the whole key ring from the master key. */
export function createKeyRing(master: Buffer): KeyRing {
  return {
    wrapKey: deriveKey(master, 'data-key-wrap'),
    receiptKey: deriveKey(master, 'receipt'),
    receiptDerivationKey: deriveKey(master, 'receipt-derivation'),
    tokenKey: deriveKey(master, 'token'),
    blindIndexKey: deriveKey(master, 'blind-index'),
    totpKey: deriveKey(master, 'totp-secret'),
    agentTokenKey: deriveKey(master, 'agent-token'),
    appRolePassword: deriveKey(master, 'database-app-role').toString('base64url'),
  };
}

/** The key ring of a configuration: the master key from VIGIE_MASTER_KEY or the data directory's file. */
export async function loadKeyRing(config: {
  masterKey: string | undefined;
  dataDir: string;
}): Promise<KeyRing> {
  // 0711 before the key file makes it: the embedded PostgreSQL's user must traverse the folder.
  await mkdir(config.dataDir, { recursive: true, mode: 0o711 });
  const master = await loadMasterKey({
    envValue: config.masterKey,
    keyFile: join(config.dataDir, 'master.key'),
    createIfMissing: true,
  });
  return createKeyRing(master);
}

// link() instead of rename(): rename would silently replace a key another process created at the same
// moment, and data encrypted under the replaced key would be lost forever.
async function createKeyFile(keyFile: string): Promise<Buffer> {
  const dir = dirname(keyFile);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(MASTER_KEY_LENGTH);
  const tmp = join(dir, `.${basename(keyFile)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    try {
      await handle.writeFile(`${key.toString('base64')}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(tmp, keyFile);
    } catch (error) {
      if (!isNodeError(error, 'EEXIST')) throw error;
      // Lost the race: use the key the other process wrote.
      return loadMasterKey({ keyFile, createIfMissing: false });
    }
    await syncDirectory(dir);
    return key;
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on directories; the file itself is already durable.
  } finally {
    await handle.close();
  }
}

function isNodeError(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
