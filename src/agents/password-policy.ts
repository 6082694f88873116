import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

// The 49,000 most common passwords of zxcvbn-ts's list (leaked password corpora), lowercased.
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  (dictionary['passwords-common'] as string[]).map((password) => password.toLowerCase()),
);

/**
 * A common password dressed up is still common: "Password2024!" is "password" with digits and a sign
 * around it. The core is what is left once digits and symbols are stripped from both ends.
 */
function coreOf(password: string): string {
  return password.toLowerCase().replace(/^[\d\W_]+|[\d\W_]+$/g, '');
}

/** Why a password is refused, in French, or null when it is acceptable. */
export function passwordProblem(password: string, username = ''): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return `Le mot de passe doit compter au moins ${PASSWORD_MIN_LENGTH} caractères.`;
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return `Le mot de passe doit compter au plus ${PASSWORD_MAX_LENGTH} caractères.`;
  }
  const lower = password.toLowerCase();
  const core = coreOf(password);
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(core) || /^(.)\1+$/u.test(password)) {
    return 'Ce mot de passe fait partie des mots de passe les plus courants : choisissez-en un autre.';
  }
  // The username itself, dressed or not, is the first thing an attacker tries.
  if (username && (lower === username.toLowerCase() || core === username.toLowerCase())) {
    return 'Le mot de passe ne doit pas contenir l’identifiant.';
  }
  return null;
}
