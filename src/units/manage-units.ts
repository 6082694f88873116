import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { isCategory } from '../conversations/engine/index.ts';
import { AppError } from '../errors.ts';
import {
  deleteRoutingRule,
  departementExists,
  findUnitByCode,
  insertUnit,
  updateUnit,
  upsertRoutingRule,
} from './unit.repo.ts';

function assertCategories(categories: string[]): void {
  const unknown = categories.filter((c) => !isCategory(c));
  if (unknown.length > 0) throw new AppError('invalid_input', `Catégorie inconnue : ${unknown.join(', ')}.`);
}

/** Creates or updates a unit (its territory and categories); audited. */
export async function saveUnit(
  deps: AppDeps,
  admin: AgentPrincipal,
  input: {
    code: string;
    name: string;
    kind: string;
    departements: string[];
    zone: string;
    categories: string[];
  },
): Promise<{ code: string }> {
  assertCategories(input.categories);
  return deps.db.transaction().execute(async (tx) => {
    for (const departement of input.departements) {
      if (!(await departementExists(tx, departement))) {
        throw new AppError('invalid_input', `Département inconnu : ${departement}.`);
      }
    }
    const territory = input.departements.map((departement) => ({ departement, zone: input.zone }));
    const existing = await findUnitByCode(tx, input.code);
    if (existing && existing.kind !== input.kind) {
      throw new AppError('invalid_input', 'Le type d’une unité existante ne change pas.');
    }
    let id: string;
    if (existing) {
      await updateUnit(tx, existing.id, { name: input.name, categories: input.categories, territory });
      id = existing.id;
    } else {
      id = await insertUnit(tx, { ...input, territory });
    }
    await recordAudit(tx, {
      actorKind: 'agent',
      actorId: admin.id,
      action: existing ? 'unit.updated' : 'unit.created',
      objectType: 'unit',
      objectId: id,
      detail: {
        code: input.code,
        departements: input.departements.join(','),
        categories: input.categories.join(','),
      },
      unitIds: [id],
    });
    return { code: input.code };
  });
}

/** Sets the unit a category goes to in a département; audited. */
export async function saveRoutingRule(
  deps: AppDeps,
  admin: AgentPrincipal,
  input: { category: string; departement: string; unit: string },
): Promise<{ ok: true }> {
  assertCategories([input.category]);
  await deps.db.transaction().execute(async (tx) => {
    const unit = await findUnitByCode(tx, input.unit.toUpperCase());
    if (!unit) throw new AppError('invalid_input', `Unité inconnue : ${input.unit}.`);
    if (!(await departementExists(tx, input.departement))) {
      throw new AppError('invalid_input', `Département inconnu : ${input.departement}.`);
    }
    await upsertRoutingRule(tx, {
      category: input.category,
      departement: input.departement,
      unitId: unit.id,
    });
    await recordAudit(tx, {
      actorKind: 'agent',
      actorId: admin.id,
      action: 'routing.updated',
      objectType: 'routing_rule',
      objectId: `${input.category}:${input.departement}`,
      detail: { unit: unit.code },
      unitIds: [unit.id],
    });
  });
  return { ok: true };
}

export async function removeRoutingRule(
  deps: AppDeps,
  admin: AgentPrincipal,
  input: { category: string; departement: string },
): Promise<{ ok: true }> {
  await deps.db.transaction().execute(async (tx) => {
    await deleteRoutingRule(tx, input.category, input.departement);
    await recordAudit(tx, {
      actorKind: 'agent',
      actorId: admin.id,
      action: 'routing.removed',
      objectType: 'routing_rule',
      objectId: `${input.category}:${input.departement}`,
    });
  });
  return { ok: true };
}
