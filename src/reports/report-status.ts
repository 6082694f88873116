/**
 * The report lifecycle, declared in one place (part 2 drives the transitions from the console).
 * received → transmitted → in_review → action_immediate | intelligence | closed; received → rejected.
 */
export const reportTransitions = {
  received: ['transmitted', 'rejected'],
  transmitted: ['in_review', 'rejected'],
  in_review: ['action_immediate', 'intelligence', 'closed'],
  action_immediate: ['closed'],
  intelligence: ['closed'],
  closed: [],
  rejected: [],
} as const satisfies Record<string, readonly string[]>;

export type ReportStatus = keyof typeof reportTransitions;

export function canTransition(from: ReportStatus, to: ReportStatus): boolean {
  return (reportTransitions[from] as readonly string[]).includes(to);
}

/** What the reporter is told: plain words, and nothing about the decision taken. */
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
