import type { Role } from '../agents/roles.ts';

const UNIT = ['analyste', 'superviseur'] as const satisfies readonly Role[];
const PLATFORM = ['operateur'] as const satisfies readonly Role[];

/**
 * The report lifecycle and who may drive it, declared in one place: for each state, the states it may
 * go to and the roles that may take it there. The reception platform (operateur) transmits or rejects
 * what arrives; the receiving unit's analysts and supervisors take it from there.
 * received → transmitted → in_review → action_immediate | intelligence | closed; received → rejected.
 */
export const reportTransitions = {
  received: { transmitted: PLATFORM, rejected: PLATFORM },
  transmitted: { in_review: UNIT, rejected: UNIT },
  in_review: { action_immediate: UNIT, intelligence: UNIT, closed: UNIT },
  action_immediate: { intelligence: UNIT, closed: UNIT },
  intelligence: { closed: UNIT },
  closed: {},
  rejected: {},
} as const satisfies Record<string, Partial<Record<string, readonly Role[]>>>;

export type ReportStatus = keyof typeof reportTransitions;
export const REPORT_STATUSES = Object.keys(reportTransitions) as ReportStatus[];

export const STATUS_LABELS: Record<ReportStatus, string> = {
  received: 'Reçu',
  transmitted: 'Transmis',
  in_review: 'En examen',
  action_immediate: 'Action immédiate',
  intelligence: 'Renseignement',
  closed: 'Clos',
  rejected: 'Rejeté',
};

/** The motives of a rejection. */
export const REJECTION_MOTIVES = ['non_pertinent', 'doublon', 'malveillant'] as const;
export type RejectionMotive = (typeof REJECTION_MOTIVES)[number];

export function isReportStatus(value: string): value is ReportStatus {
  return value in reportTransitions;
}

export function canTransition(from: ReportStatus, to: ReportStatus): boolean {
  return to in reportTransitions[from];
}

/** Whether `role` may take a report from `from` to `to` (the state machine and the role together). */
export function roleMayTransition(role: Role, from: ReportStatus, to: ReportStatus): boolean {
  const roles = (reportTransitions[from] as Partial<Record<ReportStatus, readonly Role[]>>)[to];
  return roles?.includes(role) ?? false;
}

/** Whether `role` may ever bring a report to `to`, from any state (a 403 rather than a 409 otherwise). */
export function roleMayReach(role: Role, to: ReportStatus): boolean {
  return REPORT_STATUSES.some((from) => roleMayTransition(role, from, to));
}

/** The states `role` may take a report to from `from`. */
export function nextStatesFor(role: Role, from: ReportStatus): ReportStatus[] {
  return REPORT_STATUSES.filter((to) => roleMayTransition(role, from, to));
}

/** States in which the report is still being worked on (qualification, questions, facts). */
export function isOpenStatus(status: string): boolean {
  return status !== 'closed' && status !== 'rejected';
}

/** What the reporter is told: plain words, and nothing about the unit or the decision taken. */
export function citizenStatusOf(status: string): { code: 'recu' | 'en_cours' | 'traite'; label: string } {
  switch (status) {
    case 'received':
      return { code: 'recu', label: 'Reçu' };
    case 'transmitted':
    case 'in_review':
      return { code: 'en_cours', label: 'En cours de traitement' };
    default:
      return { code: 'traite', label: 'Traité' };
  }
}
