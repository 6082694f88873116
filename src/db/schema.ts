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
  units: {
    id: Generated<string>;
    code: string;
    name: string;
    kind: string;
    categories: ColumnType<string[], string[] | undefined, string[]>;
    created_at: CreatedAt;
  };
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
    /** The seq of the submission's system message (005): a follow-up shows what comes after it. */
    submitted_seq: number | null;
    /** 007: when the citizen asked for an officer (the queue's order after danger). */
    waiting_since: Date | null;
    /** 007: the operator chatting with the citizen (status with_agent). */
    assigned_agent_id: string | null;
    /** 007: the bot's emergency flag, in clear (no content) so that the queue is ordered without keys. */
    danger: Generated<boolean>;
    /** 009: the danger indicators the bot recognised (categories, no content), copied with danger. */
    danger_flags: Generated<string[]>;
    /** 007: the commune the bot understood (INSEE code), for the queue's pre-qualification. */
    commune_insee: string | null;
  };
  conversation_tokens: {
    token_hash: Buffer;
    conversation_id: string;
    created_at: CreatedAt;
    expires_at: Date;
    /** 005: 'conversation' (the device's own token) or 'followup' (opened with the receipt). */
    scope: Generated<'conversation' | 'followup'>;
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
  /** 010: the facts the bot gathered, one encrypted row each, in the order the state lists their numbers. */
  conversation_facts: {
    conversation_id: string;
    fact_no: number;
    fact_enc: Buffer;
  };
  reports: {
    id: string;
    conversation_id: string;
    key_id: string;
    /** Null until the device of a chat closed by an officer has read its receipt (008). */
    receipt_hash: Buffer | null;
    receipt_expires_at: Date;
    status: string;
    category: string;
    commune_insee: string | null;
    departement_code: string | null;
    unit_id: string | null;
    emergency: Generated<boolean>;
    /** 009: the danger indicators of the conversation (categories, no content). */
    danger_flags: Generated<string[]>;
    wants_officer: Generated<boolean>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
    suggested_unit_id: string | null;
    urgency: Generated<string>;
    reliability: string | null;
    credibility: number | null;
    place_enc: Buffer | null;
    rejection_motive: string | null;
    transmitted_at: Date | null;
    activity_at: ColumnType<Date, Date | string | undefined, Date | string>;
    submit_key_hash: Buffer | null;
    receipt_given_at: Date | null;
    /** The operator who closed the chat into this report (null: the citizen transmitted it). */
    closed_by: string | null;
  };
  report_status_changes: {
    id: Generated<string>;
    report_id: string;
    from_status: string | null;
    to_status: string;
    actor_kind: string;
    actor_id: string | null;
    at: CreatedAt;
    motive: string | null;
    reason_enc: Buffer | null;
    unit_id: string | null;
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
    status: Generated<string>;
    current_enc: Buffer | null;
    updated_at: Date | null;
    updated_by: string | null;
  };
  report_fact_revisions: {
    id: Generated<number>;
    fact_id: string;
    agent_id: string;
    action: string;
    body_enc: Buffer | null;
    at: Date;
  };
  report_reads: { agent_id: string; report_id: string; read_at: Date };
  inbox_events: {
    id: Generated<number>;
    unit_id: string;
    report_id: string;
    kind: string;
    at: CreatedAt;
  };
  agents: {
    id: Generated<string>;
    username: string;
    role: string;
    password_hash: string;
    totp_secret_enc: Buffer;
    totp_last_step: Generated<number>;
    created_at: CreatedAt;
    disabled_at: Date | null;
  };
  agent_units: { agent_id: string; unit_id: string };
  /** 007: an operator's presence for the live chat. */
  agent_presence: {
    agent_id: string;
    status: 'online' | 'away' | 'offline';
    updated_at: Date;
    last_active_at: Date;
  };
  /** 008: the platform's canned answers, managed by the administrator. */
  canned_answers: {
    id: string;
    shortcut: string;
    title: string;
    body: string;
    created_at: CreatedAt;
    updated_at: Date;
    updated_by: string | null;
  };
  /** 008: an operator's decisions on a chat's facts before the report exists. */
  chat_fact_edits: {
    id: string;
    seq: Generated<string>;
    conversation_id: string;
    fact_key: string | null;
    action: 'confirm' | 'edit' | 'remove' | 'restore' | 'add';
    type: string | null;
    body_enc: Buffer | null;
    agent_id: string;
    at: Date;
  };
  /** 008: settings an administrator changes at run time. */
  settings: {
    key: string;
    value: unknown;
    updated_at: Date;
    updated_by: string | null;
  };
  agent_sessions: {
    token_hash: Buffer;
    agent_id: string;
    created_at: Date;
    last_seen_at: Date;
    expires_at: Date;
    ended_at: Date | null;
    end_reason: string | null;
  };
  login_throttle: { key: Buffer; window_start: Date; failures: number };
  attachments: {
    id: string;
    conversation_id: string;
    mime: string;
    bytes: number;
    storage_key: string;
    created_at: CreatedAt;
  };
  audit_log: {
    id: Generated<number>;
    at: CreatedAt;
    actor_kind: string;
    actor_id: string | null;
    action: string;
    object_type: string;
    object_id: string | null;
    detail: ColumnType<unknown, string | undefined, never>;
    prev_hash: ColumnType<Buffer | null, never, never>;
    hash: ColumnType<Buffer, never, never>;
    unit_ids: ColumnType<string[], unknown, never>;
  };
}
