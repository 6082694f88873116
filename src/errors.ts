/**
 * Every error a client can see: a stable code, an HTTP status and a safe French message.
 * The error handler turns anything else into `internal_error` without detail.
 */
export const errorCatalog = {
  bad_request: { status: 400, message: 'La requête est invalide.' },
  invalid_input: { status: 400, message: 'Les informations envoyées sont invalides.' },
  unauthorized: { status: 401, message: 'Accès refusé : identifiant de conversation ou jeton invalide.' },
  invalid_receipt: {
    status: 401,
    message: 'Ce récépissé est inconnu ou a expiré. Vérifiez les caractères saisis.',
  },
  invalid_credentials: {
    status: 401,
    message: 'Identifiant, mot de passe ou code de vérification incorrect.',
  },
  not_signed_in: {
    status: 401,
    message: 'Votre session a expiré ou n’existe pas : reconnectez-vous.',
  },
  forbidden: { status: 403, message: 'Action non autorisée.' },
  same_origin_required: {
    status: 403,
    message: 'Requête refusée : elle doit venir de la console elle-même, avec un corps JSON.',
  },
  not_found: { status: 404, message: 'Ressource introuvable.' },
  nothing_to_submit: {
    status: 409,
    message: "Il n'y a encore rien à transmettre : décrivez d'abord les faits.",
  },
  transition_refused: {
    status: 409,
    message: 'Ce changement d’état n’est pas possible depuis l’état actuel du signalement.',
  },
  request_timeout: {
    status: 408,
    message: 'La requête a mis trop de temps à arriver. Vérifiez votre connexion puis réessayez.',
  },
  conflict: { status: 409, message: 'Cette ressource existe déjà.' },
  already_submitted: { status: 409, message: 'Ce signalement a déjà été transmis.' },
  already_taken: {
    status: 409,
    message: 'Un autre opérateur a déjà pris cette conversation en charge.',
  },
  operator_unavailable: {
    status: 409,
    message:
      'Cet opérateur ne peut pas recevoir la conversation : il n’est pas connecté ou n’a plus de place.',
  },
  erase_unconfirmed: { status: 400, message: 'Pour tout effacer, cochez d’abord la case de confirmation.' },
  conversation_closed: { status: 409, message: 'Cette conversation est terminée.' },
  conversation_too_long: {
    status: 409,
    message:
      'Cette conversation a atteint sa longueur maximale : transmettez-la, puis ouvrez-en une nouvelle.',
  },
  followup_too_long: {
    status: 409,
    message:
      'Vous avez atteint le nombre maximal de messages de suivi pour ce signalement. Pour ajouter ' +
      "d'autres éléments, faites un nouveau signalement en mentionnant le premier.",
  },
  file_too_large: { status: 413, message: 'Le fichier est trop volumineux.' },
  payload_too_large: { status: 413, message: 'La requête est trop volumineuse.' },
  too_many_files: { status: 413, message: 'Le nombre maximal de photos pour ce signalement est atteint.' },
  precondition_failed: { status: 412, message: 'Le fichier a changé depuis la version demandée.' },
  uri_too_long: { status: 414, message: 'L’adresse demandée est trop longue.' },
  photos_too_heavy: {
    status: 413,
    message:
      'Les photos de ce signalement atteignent le volume maximal autorisé : vous ne pouvez plus en joindre.',
  },
  unsupported_type: {
    status: 415,
    message: "Ce type de fichier n'est pas accepté. Envoyez une photo JPEG, PNG ou WebP.",
  },
  unsupported_media_type: { status: 415, message: "Le format de la requête n'est pas accepté." },
  too_many_requests: {
    status: 429,
    message: 'Trop de tentatives. Patientez quelques minutes puis réessayez.',
  },
  range_not_satisfiable: { status: 416, message: 'La partie demandée du fichier n’existe pas.' },
  headers_too_large: { status: 431, message: 'Les en-têtes de la requête sont trop volumineux.' },
  too_many_uploads: {
    status: 429,
    message:
      'Trop de photos ont été envoyées depuis cette connexion. Patientez quelques minutes puis réessayez.',
  },
  too_many_streams: {
    status: 429,
    message:
      'Trop de conversations sont suivies en direct depuis cette connexion. Fermez des onglets ou réessayez dans quelques minutes.',
  },
  too_many_messages: {
    status: 429,
    message: 'Vous écrivez très vite : patientez quelques secondes avant d’envoyer un nouveau message.',
  },
  internal_error: { status: 500, message: 'Une erreur interne est survenue. Réessayez dans un instant.' },
  unavailable: { status: 503, message: 'Le service est momentanément indisponible.' },
  overloaded: {
    status: 503,
    message:
      "Le service reçoit trop de messages en ce moment : le vôtre n'a pas été enregistré. Réessayez dans un instant. " +
      "En cas d'urgence, appelez le 17 ou le 112, ou envoyez un SMS au 114.",
  },
  uploads_busy: {
    status: 503,
    message:
      "Trop de photos sont en cours d'envoi, réessayez dans un instant. " +
      "En cas d'urgence, appelez le 17 ou le 112, ou envoyez un SMS au 114.",
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalog;

/** An expected failure with a client-safe French message. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message?: string) {
    super(message ?? errorCatalog[code].message);
    this.code = code;
    this.status = errorCatalog[code].status;
  }
}

/** The JSON body of every API error. */
export function errorBody(code: ErrorCode, message?: string) {
  return { error: { code, message: message ?? errorCatalog[code].message } };
}
