import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractEntities } from './index.ts';
import { valuesOf } from './test-helpers.ts';

// Messages typed on a phone or dictated: no capitals, hyphens nor apostrophes, typos (issue 10, section 3).

test('communes with a typo, without hyphens or shortened, after a place word', () => {
  assert.deepEqual(valuesOf('a pontarlie ya du deal', 'commune'), ['25462']);
  assert.deepEqual(valuesOf('a herricourt des gars', 'commune'), ['70285']);
  assert.deepEqual(valuesOf('devant le lidl de valentignet', 'commune'), ['25580']);
  assert.deepEqual(valuesOf('a baumes les dames des jeunes', 'commune'), ['25047']);
  assert.deepEqual(valuesOf('a lisle sur le doubs ils vendent', 'commune'), ['25315']);
  assert.deepEqual(valuesOf('a luxeuil ils vendent', 'commune', '70'), ['70311']);
  assert.deepEqual(valuesOf('sur dôle ils vendent de la cc', 'commune', '39'), ['39198']);
});

test('a place, then "de" and a commune, names the commune; a street does not', () => {
  assert.deepEqual(valuesOf('devant le tabac de dole', 'commune'), ['39198']);
  assert.deepEqual(valuesOf('la boulangerie de baume les dames', 'commune'), ['25047']);
  assert.deepEqual(valuesOf('un gars de dole', 'commune'), ['39198']);
  assert.deepEqual(valuesOf('rue de dole', 'commune'), []);
  assert.deepEqual(valuesOf('rue de pontarlie', 'commune'), []);
  assert.deepEqual(valuesOf('quartier saint claude a besancon', 'commune'), ['25056']);
});

test('first names, ordinary words and glued articles stay what they are', () => {
  for (const text of [
    'mon voisin valentin vend du shit',
    'a quentin',
    'chez florence',
    'a laurence',
    'a lhopital un mec a un couteau',
    'a larret de bus',
    'a la montagne',
    'il a changé de voiture',
    'a francois',
  ]) {
    const communes = extractEntities(text, { departement: '25' }).filter((e) => e.type === 'commune');
    assert.deepEqual(
      communes.map((e) => e.value),
      [],
      text,
    );
  }
  // "a dolle", "a vezoul": names under seven letters are not read with a typo.
  assert.deepEqual(valuesOf('a vezoul', 'commune'), []);
});

test('durations are not clock times', () => {
  assert.deepEqual(valuesOf('ca dure 3h a chaque fois', 'time'), []);
  assert.deepEqual(valuesOf('ca fait 2h qu ils crient', 'time'), []);
  assert.deepEqual(valuesOf('ils restent la 2h puis ils partent', 'time'), []);
  assert.deepEqual(valuesOf('ca a dure 2h30 la bagarre', 'time'), []);
  assert.deepEqual(valuesOf('2h de queue le samedi', 'time'), []);
  assert.deepEqual(valuesOf("c'est à 20h qu'ils arrivent", 'time'), ['20:00']);
});

test('times in words with their minutes', () => {
  assert.deepEqual(valuesOf('vers dix neuf heures trente', 'time'), ['19:30']);
  assert.deepEqual(valuesOf('a vingt et une heures quarante cinq', 'time'), ['21:45']);
  assert.deepEqual(valuesOf('vers une heure vingt du matin', 'time'), ['01:20']);
  assert.deepEqual(valuesOf('vers dix heures moins dix', 'time'), ['09:50']);
  assert.deepEqual(valuesOf('vers seize heures trente un homme', 'time'), ['16:30']);
  assert.deepEqual(valuesOf('vers vingt heures trente deux mecs', 'time'), ['20:30']);
  assert.deepEqual(valuesOf('vers vingt heures deux mecs', 'time'), ['20:00']);
});

test('counts given as a range in words or bare numbers', () => {
  assert.deepEqual(valuesOf('entre trois et cinq gars', 'persons'), ['5']);
  assert.deepEqual(valuesOf('deux trois mecs', 'persons'), ['3']);
  assert.deepEqual(valuesOf('dix douze jeunes', 'persons'), ['12']);
  assert.deepEqual(valuesOf('ya 3 4 gars', 'persons'), ['4']);
  assert.deepEqual(valuesOf('ils sont dans les 6 7', 'persons'), ['7']);
  assert.deepEqual(valuesOf('ils etaient entre quinze et vingt a se battre', 'persons'), ['20']);
  assert.deepEqual(valuesOf('au 12 3 jeunes', 'persons'), ['3']);
});

test('handles given before the network', () => {
  assert.deepEqual(valuesOf('ajoute plug.pontarlier sur snap', 'handle'), ['plug.pontarlier']);
  assert.deepEqual(valuesOf('ajoute plug.pontarlier sur snap', 'commune'), []);
  assert.deepEqual(valuesOf('frappe_besak25 sur snapchat', 'handle'), ['frappe_besak25']);
  assert.deepEqual(valuesOf('"beuh.besak" sur insta poste les tarifs', 'handle'), ['beuh.besak']);
  assert.deepEqual(valuesOf('"beuh.besak" sur insta poste les tarifs', 'substance'), []);
});
