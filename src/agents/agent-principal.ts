import type { Role } from './roles.ts';

/** The signed-in agent a request acts for, as the policies see it. */
export interface AgentPrincipal {
  id: string;
  username: string;
  role: Role;
  /** The units whose reports the agent may see (need-to-know). */
  unitIds: string[];
  unitCodes: string[];
  /** The keyed hash of the session token (to end this session). */
  sessionHash: Buffer;
}
