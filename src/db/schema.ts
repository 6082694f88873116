import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

/** Table types for Kysely; they mirror src/db/migrations/*.sql. */
export interface Database {
  departements: { code: string; name: string; region_code: string | null };
  communes: {
    insee: string;
    name: string;
    departement_code: string;
    postal_codes: string[];
    population: number | null;
  };
  reference_data: { name: string; version: string; synced_at: Generated<Date> };
  units: { id: Generated<string>; code: string; name: string; kind: string; created_at: CreatedAt };
  unit_territories: { unit_id: string; departement_code: string; zone: Generated<string> };
  routing_rules: { category: string; departement_code: string; unit_id: string };
  data_keys: { id: string; wrapped: Buffer | null; created_at: CreatedAt; destroyed_at: Date | null };
  conversations: {
    id: string;
    status: string;
    category: string | null;
    key_id: string;
    state_enc: Buffer;
    last_seq: Generated<number>;
    attachment_count: Generated<number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
    submitted_at: Date | null;
  };
  conversation_tokens: {
    token_hash: Buffer;
    conversation_id: string;
    created_at: CreatedAt;
    expires_at: Date;
  };
  messages: {
    id: string;
    conversation_id: string;
    seq: number;
    author: 'bot' | 'citizen' | 'agent' | 'system';
    internal: Generated<boolean>;
    agent_id: string | null;
    body_enc: Buffer;
    created_at: CreatedAt;
  };
  reports: {
    id: string;
    conversation_id: string;
    key_id: string;
    receipt_hash: Buffer;
    receipt_expires_at: Date;
    status: string;
    category: string;
    commune_insee: string | null;
    departement_code: string | null;
    unit_id: string | null;
    emergency: Generated<boolean>;
    wants_officer: Generated<boolean>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  report_status_changes: {
    id: Generated<string>;
    report_id: string;
    from_status: string | null;
    to_status: string;
    actor_kind: string;
    actor_id: string | null;
    at: CreatedAt;
  };
  report_facts: {
    id: string;
    report_id: string;
    type: string;
    slot: string | null;
    message_id: string | null;
    body_enc: Buffer;
    blind_index: Buffer | null;
    created_at: CreatedAt;
  };
  attachments: {
    id: string;
    conversation_id: string;
    mime: string;
    bytes: number;
    storage_key: string;
    created_at: CreatedAt;
  };
  audit_log: {
    id: Generated<string>;
    at: CreatedAt;
    actor_kind: string;
    actor_id: string | null;
    action: string;
    object_type: string;
    object_id: string | null;
    detail: ColumnType<unknown, string | undefined, never>;
    prev_hash: ColumnType<Buffer | null, never, never>;
    hash: ColumnType<Buffer, never, never>;
  };
}
