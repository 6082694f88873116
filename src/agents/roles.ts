/** The agents' roles; what each may do is declared with the routes (policy) and the report lifecycle. */
export const ROLES = ['operateur', 'analyste', 'superviseur', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  operateur: 'Opérateur de la plateforme',
  analyste: 'Analyste',
  superviseur: 'Superviseur',
  admin: 'Administrateur',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Roles that read reports; the administrator manages accounts and units and never reads a report. */
export function readsReports(role: Role): boolean {
  return role !== 'admin';
}
