import type { Role } from '../agents/roles.ts';
import { STATUS_LABELS } from '../reports/report-status.ts';

/** The console's French words for the codes the API speaks. Unknown codes are shown as they are. */

export const CATEGORY_LABELS: Record<string, string> = {
  stupefiants: 'Trafic de stupéfiants',
  violences_intrafamiliales: 'Violences intrafamiliales',
  violences_sexuelles: 'Violences sexistes et sexuelles',
  autre: 'Autres faits',
};

/** The danger indicators the bot recognises in a victim's words (engine/danger-indicators.ts). */
export const DANGER_FLAG_LABELS: Record<string, string> = {
  strangulation: 'Strangulation',
  threat_to_kill: 'Menaces de mort',
  weapon: 'Arme',
  author_present: 'Auteur présent',
  children_threatened: 'Enfants menacés',
  recent_separation: 'Séparation récente',
  pregnancy: 'Grossesse',
};

export const URGENCY_LABELS: Record<string, string> = {
  normale: 'Normale',
  elevee: 'Élevée',
  immediate: 'Immédiate',
};

export const FACT_TYPE_LABELS: Record<string, string> = {
  place: 'Lieu',
  address: 'Adresse',
  commune: 'Commune',
  datetime: 'Date et heure',
  time: 'Heure',
  vehicle: 'Véhicule',
  plate: 'Plaque d’immatriculation',
  phone: 'Téléphone',
  handle: 'Pseudo, réseau social',
  substance: 'Produit',
  price: 'Prix',
  person: 'Personne',
  clothing: 'Tenue',
  behaviour: 'Comportement',
  weapon: 'Arme',
  other: 'Autre',
  // What the extractor and the chat flows record besides the types agents may add.
  date: 'Date',
  money: 'Somme d’argent',
  persons: 'Nombre de personnes',
  roles: 'Rôles',
  activity: 'Activité',
  recurrence: 'Fréquence',
  kind_of_place: 'Type de lieu',
  description: 'Description',
  nickname: 'Surnom',
  vehicle_details: 'Détails du véhicule',
  plate_partial: 'Plaque partielle',
  ordering: 'Prise de commande',
  ordering_contact: 'Contact de commande',
  children: 'Enfants',
  relationship: 'Lien avec l’auteur',
  safety: 'Sécurité du déclarant',
  officer: 'Demande d’un agent',
  photo: 'Photo',
  narrative: 'Récit',
  details: 'Précisions',
  what: 'Nature des faits',
};

/** The order of the fiche's fact groups: where and when first, then who, vehicles, products. */
export const FACT_ORDER = [
  'place',
  'address',
  'kind_of_place',
  'commune',
  'datetime',
  'date',
  'time',
  'recurrence',
  'persons',
  'roles',
  'person',
  'nickname',
  'description',
  'clothing',
  'behaviour',
  'activity',
  'vehicle',
  'vehicle_details',
  'plate',
  'plate_partial',
  'substance',
  'price',
  'money',
  'ordering',
  'ordering_contact',
  'phone',
  'handle',
  'weapon',
];

export const FACT_STATUS_LABELS: Record<string, string> = {
  extracted: 'extrait',
  confirmed: 'confirmé',
  edited: 'corrigé',
  removed: 'retiré',
  added: 'ajouté',
};

export const AUTHOR_LABELS: Record<string, string> = {
  citizen: 'Déclarant',
  bot: 'Robot',
  agent: 'Agent',
  system: 'Système',
};

export const MOTIVE_LABELS: Record<string, string> = {
  non_pertinent: 'Non pertinent',
  doublon: 'Doublon',
  malveillant: 'Malveillant',
};

/** The Admiralty scale: reliability of the source. */
export const RELIABILITY_LABELS: Record<string, string> = {
  A: 'A — Totalement fiable',
  B: 'B — Habituellement fiable',
  C: 'C — Assez fiable',
  D: 'D — Pas toujours fiable',
  E: 'E — Peu fiable',
  F: 'F — Fiabilité impossible à évaluer',
};

/** The Admiralty scale: credibility of the information. */
export const CREDIBILITY_LABELS: Record<string, string> = {
  '1': '1 — Confirmée par d’autres sources',
  '2': '2 — Probablement vraie',
  '3': '3 — Possiblement vraie',
  '4': '4 — Douteuse',
  '5': '5 — Improbable',
  '6': '6 — Impossible à évaluer',
};

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'report.viewed': 'Consultation',
  'reports.listed': 'Liste des signalements',
  'report.transmitted': 'Transmission',
  'report.status_changed': 'Changement d’état',
  'report.question_sent': 'Question au déclarant',
  'report.qualified': 'Qualification',
  'report.fact_changed': 'Modification d’un fait',
  'report.attachment_exported': 'Export d’une photo',
  'report.created': 'Création (citoyen)',
  'report.followup_added': 'Réponse du déclarant',
  'report.followup_opened': 'Suivi ouvert par le déclarant',
  'report.receipt_shown_again': 'Récépissé affiché de nouveau',
  'agent.signed_in': 'Connexion',
  'agent.signed_out': 'Déconnexion',
  'agent.created': 'Création d’un compte',
  'agent.disabled': 'Désactivation d’un compte',
  'unit.created': 'Création d’une unité',
  'unit.updated': 'Modification d’une unité',
  'routing.updated': 'Règle de routage définie',
  'routing.removed': 'Règle de routage retirée',
};

export const PURPOSE_LABELS: Record<string, string> = {
  fiche: 'fiche',
  live: 'fiche ouverte (temps réel)',
  intervention: 'fiche d’intervention',
};

export const UNIT_KIND_LABELS: Record<string, string> = {
  plateforme: 'Plateforme de réception',
  cros: 'CROS',
  bpf: 'Brigade de protection des familles',
  commissariat: 'Commissariat',
  brigade: 'Brigade de gendarmerie',
};

export const ROLE_NAMES: Record<Role, string> = {
  operateur: 'Opérateur',
  analyste: 'Analyste',
  superviseur: 'Superviseur',
  admin: 'Administrateur',
};

/** The French word for a code, or the code itself. */
export function labelOf(labels: Record<string, string>, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '—';
  return labels[code] ?? code;
}

export function statusLabel(status: string): string {
  return labelOf(STATUS_LABELS, status);
}

const PARIS_DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** A UTC instant shown as officers read it: Paris time, "03/03/2031 09:00". */
export function parisDateTime(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return Number.isNaN(date.getTime()) ? '—' : PARIS_DATE_TIME.format(date).replace(',', '');
}
