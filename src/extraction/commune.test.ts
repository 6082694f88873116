import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getCommuneIndex } from './commune-index.ts';
import { extractEntities } from './index.ts';
import { NOW, valuesOf } from './test-helpers.ts';

test('INSEE codes match the data file', () => {
  const index = getCommuneIndex();
  assert.equal(index.byKey.get('besancon')?.[0]?.code, '25056');
  assert.equal(index.byKey.get('montbeliard')?.[0]?.code, '25388');
  assert.equal(index.byKey.get('villers le lac')?.[0]?.code, '25321');
});

test('names in any case, accents, hyphens, St/Saint', () => {
  assert.deepEqual(valuesOf('à Montbéliard', 'commune'), ['25388']);
  assert.deepEqual(valuesOf('a montbeliard', 'commune'), ['25388']);
  assert.deepEqual(valuesOf('Villers le lac', 'commune'), ['25321']);
  assert.deepEqual(valuesOf('devant le tabac de st vit', 'commune'), ['25527']);
  assert.deepEqual(valuesOf('à ST-VIT', 'commune'), ['25527']);
  assert.deepEqual(valuesOf('ça deale a besac', 'commune'), ['25056']);
  assert.deepEqual(valuesOf('au Russey', 'commune'), ['25512']);
  assert.deepEqual(valuesOf('TRAFIC A PLANOISE TOUS LES SOIRS', 'commune'), ['25056']);
  assert.deepEqual(valuesOf('un gars de Béthoncourt', 'commune'), ['25057']);
  assert.deepEqual(valuesOf('A LA CITE DES CLAIRS SOLEILS', 'commune'), ['25056']);
});

test('neighbourhoods map to their commune', () => {
  assert.deepEqual(valuesOf('à Planoise (Besançon)', 'commune'), ['25056']);
  assert.deepEqual(valuesOf('saint ferjeux', 'commune'), ['25056']);
  assert.deepEqual(valuesOf('aux Clairs-Soleils', 'commune'), ['25056']);
  assert.deepEqual(valuesOf('à la Petite-Hollande', 'commune'), ['25388']);
  assert.deepEqual(valuesOf('à Battant', 'commune'), ['25056']);
  assert.deepEqual(valuesOf('le battant de la porte', 'commune'), []);
});

test('never from a street name', () => {
  assert.deepEqual(
    valuesOf(
      'rue de Dole, avenue de Montrachet, place de Besançon, boulevard de Lyon, route de Gray',
      'commune',
    ),
    [],
  );
  assert.deepEqual(
    valuesOf('faubourg de Vesoul, chemin de Dole, allée de Lure, quai de Strasbourg', 'commune'),
    [],
  );
  assert.deepEqual(valuesOf('au lac de Saint-Point', 'commune'), []);
  assert.deepEqual(valuesOf('A Marseille, cité de la Castellane', 'commune'), ['13055']);
  assert.deepEqual(valuesOf('rue de Dole à Besançon', 'commune'), ['25056']);
  // A neighbourhood named like a commune elsewhere: the report must not be routed to the Jura.
  assert.deepEqual(valuesOf('au quartier Saint-Claude à Besançon', 'commune'), ['25056']);
  assert.deepEqual(valuesOf('dans le quartier de Planoise', 'commune'), ['25056']);
  assert.deepEqual(valuesOf('Ça deal dans un quartier de Besançon', 'commune'), ['25056']);
  assert.deepEqual(valuesOf('Le quartier de Dole près de la gare', 'commune'), ['39198']);
  assert.deepEqual(valuesOf('ça deal à Saint-Claude devant la gare', 'commune'), ['39478']);
  // "des", "aux" before a name without an article name a street or a district, not the commune…
  assert.deepEqual(valuesOf('ça deale à la barre des Epoisses', 'commune'), []);
  // …but come before the names that have one, and "du" before a name used with one.
  assert.deepEqual(valuesOf('les dealers du Valdahon', 'commune'), ['25578']);
  assert.deepEqual(valuesOf('je viens du Russey', 'commune'), ['25512']);
  assert.deepEqual(valuesOf('il habite aux Rousses', 'commune'), ['39470']);
  assert.deepEqual(valuesOf('à côté des Auxons', 'commune'), ['25035']);
});

test('common words are not communes', () => {
  assert.deepEqual(valuesOf('je fais des tours en vélo', 'commune'), []);
  assert.deepEqual(valuesOf('la vente de mon plan au bar', 'commune'), []);
  assert.deepEqual(valuesOf('fusil de chasse', 'commune'), []);
  assert.deepEqual(valuesOf('il a changé de numéro', 'commune'), []);
  assert.deepEqual(valuesOf('il traîne au bief derrière le moulin', 'commune'), []);
  assert.deepEqual(valuesOf('près de la salle des fêtes', 'commune'), []);
  assert.deepEqual(valuesOf('survêt Lacoste', 'commune'), []);
  assert.deepEqual(valuesOf('M. Lombard, mon voisin', 'commune'), []);
  assert.deepEqual(valuesOf('dans le Doubs et en Haute-Saône', 'commune'), []);
  assert.deepEqual(valuesOf('à Tours', 'commune'), ['37261']);
  // In capitals a capital tells nothing: a common word far from home is not a commune (Le Port is in La
  // Réunion), one of the home region still is.
  assert.deepEqual(valuesOf('AU PORT', 'commune'), []);
  assert.deepEqual(valuesOf('ILS VENDENT DU SHIT VERS LE PORT TOUS LES SOIRS', 'commune'), []);
  assert.deepEqual(valuesOf('ILS VENDENT DU SHIT A TOURS', 'commune'), []);
  assert.deepEqual(valuesOf('ILS VENDENT DU SHIT A DOLE', 'commune'), ['39198']);
  assert.deepEqual(valuesOf('Ils vendent du shit au Port, à la Réunion', 'commune'), ['97407']);
});

test('homonyms: département hint, then home département', () => {
  assert.deepEqual(valuesOf('Trafic à Rahon, dans le 25', 'commune', '39'), ['25476']);
  assert.deepEqual(valuesOf('à Rahon', 'commune', '39'), ['39448']);
  assert.deepEqual(valuesOf('à Rahon (39)', 'commune', '25'), ['39448']);
  assert.deepEqual(valuesOf('à Héricourt', 'commune'), ['70285']);
  assert.deepEqual(valuesOf('Rang (25) : livraisons', 'commune'), ['25479']);
});

test('former communes give the current one', () => {
  assert.deepEqual(valuesOf('A Morez, au city stade', 'commune'), ['39368']);
});

test('answering "which commune?", a commune near home given as the whole answer is taken, nothing else', () => {
  const answer = (text: string) =>
    extractEntities(text, { now: NOW, departement: '25', answersCommuneQuestion: true })
      .filter((e) => e.type === 'commune')
      .map((e) => e.value);
  for (const text of [
    'Dole',
    'dole',
    'DOLE',
    'Dole (39)',
    'dole 39100',
    'à Dole',
    'Dole centre',
    'dole jura',
  ]) {
    assert.deepEqual(answer(text), ['39198'], text);
  }
  for (const text of ['Dole.', 'Dole ?', 'Dole je crois']) assert.deepEqual(answer(text), ['39198'], text);
  assert.deepEqual(answer('Battant'), ['25056'], 'a neighbourhood that needs context in a sentence');
  assert.deepEqual(valuesOf('Dole', 'commune'), [], 'outside that question, "Dole" alone stays a word');
  // A word that is also a far commune, or a name inside a longer answer, is not taken.
  for (const text of [
    'Rue de Dole',
    'Vers la gare',
    'Bonne question',
    'Ville',
    'Bourg',
    'Salins',
    'chez moi',
    'au port',
    'la madeleine',
    'tours',
    'au pont',
    'à la montagne',
    'vers',
  ]) {
    assert.deepEqual(answer(text), [], text);
  }
  assert.deepEqual(answer('C EST AU BOUT DU CHEMIN'), []);
  // Asked which commune, a name in capitals is still that commune, far from home or not.
  assert.deepEqual(answer('TOURS'), ['37261']);
});
