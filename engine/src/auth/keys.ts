/**
 * API keys (docs/security.md). A key reads `dw_<id>_<secret>`: the id finds its row, and the
 * secret's sha256 must match the stored hash (compared in constant time). Secrets are 32 random
 * bytes, so a fast hash is enough: there is nothing to guess a password from. Verified keys are
 * held in each process's config cache, which forgets them on any change to the keys table (a
 * revocation is live everywhere within a second).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../errors';
import {
  countLiveApiKeys,
  getApiKey,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  type ApiKeyRow,
  type ConfigCache,
  type Executor,
} from '../store';
import { type Scope } from './scopes';

/** Who is calling: a key, or everyone when keys are off. */
export interface Principal {
  id: string;
  name: string;
  scopes: readonly string[];
}

/** When keys are off (DUNWELL_AUTH=off, loopback only): every caller may do everything. */
export const LOCAL_PRINCIPAL: Principal = { id: 'local', name: 'local (keys off)', scopes: ['admin'] };

const TOKEN = /^dw_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

export interface KeyView {
  id: string;
  name: string;
  scopes: string[];
  createdBy: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

const view = (row: ApiKeyRow): KeyView => ({
  id: row.id,
  name: row.name,
  scopes: row.scopes,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  revokedAt: row.revokedAt,
});

export class ApiKeys {
  constructor(
    private readonly db: Executor,
    private readonly cache?: ConfigCache,
  ) {}

  /** Makes a key; the token in the answer is the only time its secret is ever shown. */
  async create(input: { name: string; scopes: Scope[]; createdBy: string | null }) {
    const id = randomBytes(9)
      .toString('base64url')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '0')
      .slice(0, 12);
    const secret = randomBytes(32).toString('base64url');
    const row = await insertApiKey(this.db, {
      id,
      name: input.name,
      scopes: [...new Set(input.scopes)],
      secretHash: hash(secret),
      createdBy: input.createdBy,
    });
    return { ...view(row), token: `dw_${id}_${secret}` };
  }

  /** The first admin key, when there is no live key at all; undefined otherwise. */
  async bootstrap(): Promise<string | undefined> {
    if ((await countLiveApiKeys(this.db)) > 0) return undefined;
    return (await this.create({ name: 'first admin', scopes: ['admin'], createdBy: null })).token;
  }

  /** The principal a token stands for, or undefined for a malformed, unknown or revoked one. */
  async verify(token: string): Promise<Principal | undefined> {
    const match = TOKEN.exec(token);
    if (!match) return undefined;
    const [, id, secret] = match;
    const load = () => getApiKey(this.db, id!);
    const row = await (this.cache ? this.cache.read(`api-key:${id}`, load) : load());
    if (!row || row.revokedAt) return undefined;
    const expected = Buffer.from(row.secretHash, 'hex');
    const given = Buffer.from(hash(secret!), 'hex');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return { id: row.id, name: row.name, scopes: row.scopes };
  }

  async list(): Promise<KeyView[]> {
    return (await listApiKeys(this.db)).map(view);
  }

  async revoke(id: string): Promise<KeyView> {
    const row = await revokeApiKey(this.db, id);
    if (!row) throw new DomainError('key_not_found', `No live key has the id ${id}`);
    return view(row);
  }
}
