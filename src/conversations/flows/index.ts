/** Category → flow. The order is the order in which categories are guessed from a written message. */
import type { FlowDefinition } from '../engine/flow-types.ts';
import type { Category } from '../engine/types.ts';
import { autreFlow } from './autre.flow.ts';
import { stupefiantsFlow } from './stupefiants.flow.ts';
import { violencesIntrafamilialesFlow } from './violences-intrafamiliales.flow.ts';
import { violencesSexuellesFlow } from './violences-sexuelles.flow.ts';

export const FLOWS: Record<Category, FlowDefinition> = {
  stupefiants: stupefiantsFlow,
  violences_intrafamiliales: violencesIntrafamilialesFlow,
  violences_sexuelles: violencesSexuellesFlow,
  autre: autreFlow,
};
