import type { Todo } from '../backend/src/todos/model';

/**
 * Wave 2 figures (issue 10): one user holding 10,000 todos in the local stack, seeded straight
 * into its DynamoDB Local (todos, search digest and counter, built by the API's own item and
 * digest functions: backend/test/support/seed.ts). Single client, sequential requests, so each figure is one request's
 * latency: the first page (with its counts), a search that matches one todo, and every due view.
 */
const TOTAL = 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const DUE_VIEWS = ['overdue', 'today', 'upcoming', 'none'];

type Timed = (url: string) => Promise<{ ms: number; status: number; body: string }>;

export interface BenchTarget {
  todosApiUrl: string;
  dynamodbEndpoint: string;
  todosTable: string;
  userId: string;
  get: Timed;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

const dayOffset = (today: string, days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function seed(target: BenchTarget, today: string) {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = target.dynamodbEndpoint;
  const { seedTodos, todoFields } = await import('../backend/test/support/seed');
  const todos: Todo[] = Array.from({ length: TOTAL }, (_, i) => {
    const completed = i % 4 === 0;
    return todoFields({
      title: i === TOTAL / 2 ? 'Find the needle in the café' : `Everyday task number ${i}`,
      description: i % 3 === 0 ? 'with a longer description, as people write them' : '',
      // Due dates from 60 days ago to 60 days ahead, a tenth undated.
      dueDate: i % 10 === 0 ? null : dayOffset(today, (i % 121) - 60),
      labels: i % 5 === 0 ? ['work'] : i % 7 === 0 ? ['home'] : [],
      priority: (['none', 'low', 'medium', 'high'] as const)[i % 4]!,
      completed,
      completedAt: completed ? new Date().toISOString() : null,
    });
  });
  await seedTodos(target.userId, todos, target.todosTable);
}

async function measure(get: Timed, url: string, check: (body: string) => void) {
  await get(url); // warm the function's execution environment
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const result = await get(url);
    if (result.status !== 200) throw new Error(`${url} answered ${result.status}`);
    check(result.body);
    ms.push(result.ms);
  }
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

/** Time to the one match, following cursors as the app does while the user scrolls. */
async function measureSearch(get: Timed, base: string) {
  const ms: number[] = [];
  const requests: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    let cursor: string | null = null;
    let total = 0;
    let calls = 0;
    let found = 0;
    do {
      const result = await get(`${base}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      const body = JSON.parse(result.body) as { items: Todo[]; nextCursor: string | null };
      total += result.ms;
      calls += 1;
      found += body.items.length;
      cursor = body.nextCursor;
    } while (cursor && found === 0);
    if (found !== 1) throw new Error(`the search found ${found} todos, expected 1`);
    if (i === 0) continue; // warm-up
    ms.push(total);
    requests.push(calls);
  }
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), requests: percentile(requests, 50) };
}

export async function benchTodos(target: BenchTarget): Promise<string[]> {
  const today = new Date().toISOString().slice(0, 10);
  const seeded = performance.now();
  await seed(target, today);
  const seedMs = performance.now() - seeded;
  const api = `${target.todosApiUrl}/todos`;
  const exactCounts = (body: string) => {
    const { counts } = JSON.parse(body) as { counts: { open: number; completed: number } };
    if (counts.open + counts.completed !== TOTAL || counts.completed !== TOTAL / 4)
      throw new Error(`counts are not exact: ${JSON.stringify(counts)}`);
  };
  // Warm every route first: otherwise the JIT and the garbage of seeding 10,000 items in
  // DynamoDB Local land on whichever figure happens to be measured first.
  const dueUrl = (due: string) => `${api}?due=${due}&today=${today}&sort=due&limit=25`;
  const routes = [`${api}?limit=25`, `${api}?q=cafe&limit=25`, ...DUE_VIEWS.map(dueUrl)];
  for (let round = 0; round < 5; round++) for (const url of routes) await target.get(url);
  const first = await measure(target.get, `${api}?limit=25`, exactCounts);
  const search = await measureSearch(target.get, `${api}?q=${encodeURIComponent('needle cafe')}&limit=25`);
  const dueViews: [string, { p50: number; p95: number }][] = [];
  for (const due of DUE_VIEWS) dueViews.push([due, await measure(target.get, dueUrl(due), exactCounts)]);
  const f = (ms: number) => `${ms.toFixed(1)} ms`.padStart(9);
  return [
    `\nOne user with ${TOTAL} todos (seeded in ${(seedMs / 1000).toFixed(1)} s), 1 client, ${RUNS} runs each\n`,
    `${'first page + counts'.padEnd(30)} p50 ${f(first.p50)}   p95 ${f(first.p95)}   (goal: p50 ≤ 20 ms)`,
    `${'search matching one'.padEnd(30)} p50 ${f(search.p50)}   p95 ${f(search.p95)}   (goal: p95 ≤ 150 ms; ${search.requests} request(s) to reach it)`,
    ...dueViews.map(
      ([due, m]) =>
        `${`due=${due}, sort=due`.padEnd(30)} p50 ${f(m.p50)}   p95 ${f(m.p95)}   (goal: p95 ≤ 50 ms)`,
    ),
    '',
  ];
}
