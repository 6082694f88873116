import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectEmergency } from './emergency.ts';

const EMERGENCIES = [
  'il me frappe en ce moment',
  'Il me frappe',
  'il a une arme et il menace',
  'au secours',
  'AU SECOUUURS',
  'ossecour',
  'il va me tuer',
  'il va me tuer aidez moi',
  'je suis en danger',
  'jsui en dangé',
  'chui en danger',
  'il est devant ma porte',
  'il et devant ma porte',
  'ils sont devant la porte',
  'il m frap',
  'y me tape',
  'il me bat depuis des années',
  'mon mari me frappe',
  'il vient de me frapper',
  "il essaie d'entrer chez moi",
  'il défonce la porte',
  'il frappe à la porte et il crie',
  "il m'a frappée et il est encore là",
  'hier il m a frappé et là il est devant ma porte',
  'il a un couteau dans la main',
  'il me menace avec un couteau',
  'ça tire en bas de chez moi',
  "j'entends des coups de feu",
  'aidez-moi svp',
  "à l'aide",
  'il veut me tuer',
  'il frappe ma fille',
  'je me fais frapper',
  'on me suit',
  'c urgent',
  'il est chez moi en ce moment et il menace',
];

const NOT_EMERGENCIES = [
  'il y a une arme chez le voisin depuis des mois',
  "hier il m'a frappé",
  "il m'a frappée l'année dernière",
  'il me frappait quand j’étais petite',
  'Tous les soirs des jeunes vendent du shit dans le hall',
  'une Peugeot 208 noire passe chaque jour à midi',
  'je ne suis plus en danger',
  "ce n'est pas urgent",
  'il y a deux ans il voulait me tuer',
  'le numéro pour commander : 06 55 44 33 22',
  'Bonjour',
  '',
  'il me tape sur les nerfs',
  'le voisin a un fusil de chasse',
];

test('detectEmergency recognises present or imminent danger, SMS spellings included', () => {
  for (const text of EMERGENCIES) assert.equal(detectEmergency(text), true, text);
});

test('detectEmergency leaves past events, mere presence of a weapon and negations alone', () => {
  for (const text of NOT_EMERGENCIES) assert.equal(detectEmergency(text), false, text);
});

test('detectEmergency never throws on odd input', () => {
  assert.equal(detectEmergency(undefined as unknown as string), false);
  assert.equal(detectEmergency('!!!???'), false);
});
