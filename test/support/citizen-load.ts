/**
 * Citizens filing short drug reports over real HTTP, several at a time, until told to stop: what a
 * database outage test runs while it breaks the database. Every answer is kept: what was acknowledged
 * (a receipt, a message's id) must be found afterwards, and every refusal must be a 503.
 */
export interface CitizenLoad {
  receipts: string[];
  /** Ids of the citizens' messages the server acknowledged (201). */
  messageIds: string[];
  /** Statuses other than success, by count (503 expected while the database is away). */
  refusals: Map<number, number>;
  /** Error codes of the refusals. */
  refusalCodes: Set<string>;
  /** When the last acknowledgement arrived (ms since the epoch). */
  lastSuccessAt: number;
  stop(): Promise<void>;
}

const TEXTS = [
  'vente de shit tous les soirs vers 22h à Besançon, un scooter AB-{n}-CD passe',
  'deux jeunes vendent de la coke devant le tabac de Planoise à Besançon vers 18h, Clio grise',
  'un guetteur et un vendeur au pied de la tour, Besançon, de 20h à minuit, téléphone 06 12 34 56 {nn}',
];

export function startCitizenLoad(url: string, workers = 4): CitizenLoad {
  const load: CitizenLoad = {
    receipts: [],
    messageIds: [],
    refusals: new Map(),
    refusalCodes: new Set(),
    lastSuccessAt: 0,
    stop: async () => {},
  };
  let stopped = false;
  let n = 0;
  const refused = async (response: Response) => {
    load.refusals.set(response.status, (load.refusals.get(response.status) ?? 0) + 1);
    const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
    if (body.error?.code) load.refusalCodes.add(body.error.code);
    // A refusal says when to come back; a citizen's page waits about that long.
    await new Promise((resolve) => setTimeout(resolve, 200));
  };
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token && { authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const worker = async () => {
    while (!stopped) {
      const i = n++;
      const started = await post('/api/v1/conversations', { category: 'stupefiants' });
      if (started.status !== 201) {
        await refused(started);
        continue;
      }
      const { id, token } = (await started.json()) as { id: string; token: string };
      const text = (TEXTS[i % TEXTS.length] as string)
        .replace('{n}', String(100 + (i % 900)))
        .replace('{nn}', String(10 + (i % 90)));
      const said = await post(
        `/api/v1/conversations/${id}/messages`,
        { text: `Signalement ${i} : ${text}` },
        token,
      );
      if (said.status !== 201) {
        await refused(said);
        continue;
      }
      const { messages } = (await said.json()) as { messages: { id: string; author: string }[] };
      load.messageIds.push(...messages.filter((m) => m.author === 'citizen').map((m) => m.id));
      load.lastSuccessAt = Date.now();
      const submitted = await post(`/api/v1/conversations/${id}/submit`, undefined, token);
      if (submitted.status !== 201) {
        await refused(submitted);
        continue;
      }
      load.receipts.push(((await submitted.json()) as { receipt: string }).receipt);
      load.lastSuccessAt = Date.now();
    }
  };
  const running = Promise.all(Array.from({ length: workers }, worker));
  load.stop = async () => {
    stopped = true;
    await running;
  };
  return load;
}
