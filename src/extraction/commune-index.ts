import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { communeKey } from './commune-key.ts';

/** One current commune of the official list (@etalab/decoupage-administratif). */
export interface CommuneRecord {
  code: string;
  name: string;
  departement: string;
  region: string;
  population: number;
  /** Set for curated entries: a neighbourhood or a nickname that stands for the commune. */
  alias?: string;
  /** Name under which the entry was indexed when it is a former commune ("Morez"), for accent checks. */
  formerName?: string;
  /** Curated entry that is also an ordinary word ("Battant"): needs a capital or a place word before it. */
  aliasNeedsContext?: boolean;
}

/** Lookup structures built once from the commune list. */
export interface CommuneIndex {
  byKey: Map<string, CommuneRecord[]>;
  /** Every proper prefix (in tokens) of a key, to stop the n-gram scan early. */
  prefixes: Set<string>;
  maxTokens: number;
  /** Postal code -> département codes of the communes using it. */
  postalCodes: Map<string, string>;
  /** Folded département name key -> code ("haute saone" -> "70"). */
  departementNames: Map<string, string>;
  /** Every proper prefix (in tokens) of a département name key, to stop that scan early too. */
  departementPrefixes: Set<string>;
  /** Département code -> region code. */
  regionOfDepartement: Map<string, string>;
}

interface RawCommune {
  code: string;
  nom: string;
  type: string;
  chefLieu?: string;
  departement: string;
  region: string;
  population?: number;
  codesPostaux?: string[];
}

interface RawDepartement {
  code: string;
  nom: string;
  region: string;
}

/**
 * Curated neighbourhoods and nicknames (key text -> INSEE code), checked against the data file.
 * People name the quartier more often than the city ("ça deal à Planoise").
 */
const ALIASES: [string, string, boolean][] = [
  ['besac', '25056', false],
  ['planoise', '25056', false],
  ['saint ferjeux', '25056', false],
  ['battant', '25056', true],
  ['clairs soleils', '25056', false],
  ['clair soleil', '25056', false],
  ['clairs soleil', '25056', false],
  ['palente', '25056', false],
  ['montrapon', '25056', false],
  ['orchamps', '25056', false],
  ['chaprais', '25056', false],
  ['bouloie', '25056', false],
  ['hauts du chazal', '25056', false],
  ['hauts de chazal', '25056', false],
  ['velotte', '25056', false],
  ['bregille', '25056', false],
  ['tilleroyes', '25056', false],
  ['fontaine ecu', '25056', false],
  ['montboucons', '25056', false],
  ['grette', '25056', false],
  ['viotte', '25056', false],
  ['rosemont', '25056', true],
  ['vaites', '25056', true],
  ['montbe', '25388', false],
  ['petite hollande', '25388', false],
  ['chiffogne', '25388', false],
  ['champs montants', '25031', false],
  ['champvallon', '25057', false],
  ['pontar', '25462', false],
  ['lons', '39300', false],
  ['mesnils pasteur', '39198', false],
  ['repes', '70550', true],
];

let cached: CommuneIndex | undefined;

/** Loads the commune list once (lazily) and builds the lookup structures. */
export function getCommuneIndex(): CommuneIndex {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const communes = JSON.parse(
    readFileSync(require.resolve('@etalab/decoupage-administratif/data/communes.json'), 'utf8'),
  ) as RawCommune[];
  const departements = JSON.parse(
    readFileSync(require.resolve('@etalab/decoupage-administratif/data/departements.json'), 'utf8'),
  ) as RawDepartement[];
  const byKey = new Map<string, CommuneRecord[]>();
  const byCode = new Map<string, CommuneRecord>();
  const postalCodes = new Map<string, string>();
  const add = (key: string, record: CommuneRecord) => {
    const list = byKey.get(key);
    if (list) list.push(record);
    else byKey.set(key, [record]);
  };
  for (const c of communes) {
    if (c.type !== 'commune-actuelle') continue;
    const record: CommuneRecord = {
      code: c.code,
      name: c.nom,
      departement: c.departement,
      region: c.region,
      population: c.population ?? 0,
    };
    byCode.set(c.code, record);
    add(communeKey(c.nom), record);
    for (const cp of c.codesPostaux ?? []) postalCodes.set(cp, c.departement);
  }
  // Former communes merged into a new one ("Morez" is now Hauts de Bienne) still name their place.
  for (const c of communes) {
    if ((c.type !== 'commune-deleguee' && c.type !== 'commune-associee') || !c.chefLieu) continue;
    const key = communeKey(c.nom);
    const target = byCode.get(c.chefLieu);
    if (!target || byKey.has(key)) continue;
    add(key, { ...target, formerName: c.nom });
  }
  for (const [key, code, needsContext] of ALIASES) {
    const target = byCode.get(code);
    if (!target) throw new Error(`Alias de commune inconnu : ${code}`);
    if (byKey.get(key)?.some((r) => r.code === code)) continue;
    add(key, { ...target, alias: key, aliasNeedsContext: needsContext });
  }
  const prefixes = new Set<string>();
  let maxTokens = 1;
  for (const key of byKey.keys()) {
    maxTokens = Math.max(maxTokens, key.split(' ').length);
    addProperPrefixes(prefixes, key);
  }
  const departementNames = new Map<string, string>();
  const departementPrefixes = new Set<string>();
  const regionOfDepartement = new Map<string, string>();
  for (const d of departements) {
    const key = communeKey(d.nom);
    departementNames.set(key, d.code);
    addProperPrefixes(departementPrefixes, key);
    regionOfDepartement.set(d.code, d.region);
  }
  cached = {
    byKey,
    prefixes,
    maxTokens,
    postalCodes,
    departementNames,
    departementPrefixes,
    regionOfDepartement,
  };
  return cached;
}

/** Adds "a", "a b" for the key "a b c". */
function addProperPrefixes(prefixes: Set<string>, key: string): void {
  const tokens = key.split(' ');
  for (let i = 1; i < tokens.length; i++) prefixes.add(tokens.slice(0, i).join(' '));
}
