#!/usr/bin/env node
// Deterministic, seeded synthetic LLM-trace generator for tracesift benchmarks and tests.
//
// Writes native span JSONL (docs/FORMAT.md) or OTLP/JSON trace exports that use the OpenTelemetry
// GenAI semantic conventions. Plain Node.js (>= 20), no dependencies, no network: the same seed and
// arguments give byte-identical output on every machine (own PRNG, no Math.random, no clock).
//
//   node bench/generate.mjs --spans N [--seed S] [--format native|otlp] [--out PATH|-]
//                           [--days D] [--end ISO] [--target-bytes B]
//
// Each trace is an `agent` or `chain` root span with 1-6 children (llm_call, tool, retrieval,
// embedding). About 5% of spans are first written as `running` and completed a few hundred lines
// later, so native output has N distinct span ids on about 1.05 N lines. The OTLP output holds only
// finished spans (N spans, 100 per line), as real exporters only send ended spans.
//
// Message lengths follow a "text scale" found by a short pilot run so that the mean native line is
// close to --target-bytes. The scale depends only on the seed and the target, never on --spans, so
// runs with different --spans start with the same traces, only placed differently in time.

import fs from 'node:fs';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';

const DEFAULTS = {
  spans: 1000,
  seed: '42',
  days: 30,
  end: '2025-06-01T00:00:00Z',
  targetBytes: 1000,
};

/** Native record fields, in docs/FORMAT.md order. */
const FIELDS = [
  'span_id',
  'trace_id',
  'parent_span_id',
  'name',
  'kind',
  'status',
  'model',
  'provider',
  'environment',
  'task',
  'session_id',
  'user_id',
  'input_tokens',
  'output_tokens',
  'cost_usd',
  'started_at',
  'ended_at',
  'input',
  'output',
  'attributes',
  'error',
];

const RUNNING_FIRST_RATE = 0.05; // spans written as `running` before their final record
const FAIL_RATE = 0.03; // per child span; failed model calls also fail their root
const SESSION_CONTINUE_RATE = 0.65; // chance a trace continues an open session
const SESSION_POOL = 48; // open sessions at any time
const USER_POOL = 400;
const DUPLICATE_RATE = 0.02; // first-turn user messages repeated (exactly or nearly)
const OTLP_BATCH = 100; // spans per OTLP document (line)
const CHUNK_CHARS = 2 << 20; // output is written in chunks of about this many characters
const PILOT_SPANS = 6000; // spans per calibration run of --target-bytes (fewer for large targets)
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Randomness: sfc32 streams and a keyed Feistel permutation for collision-free ids.

function mix32(x) {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

function hashString(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/** sfc32: small, fast, 32-bit integer arithmetic only, so identical on every platform. */
class Rng {
  constructor(seed32, stream) {
    this.a = mix32(seed32 ^ 0x9e3779b9);
    this.b = mix32((Math.imul(stream, 0x632be5ab) + 0x7f4a7c15) | 0);
    this.c = mix32((seed32 + Math.imul(stream + 1, 0x85ebca6b)) | 0);
    this.d = 1;
    for (let i = 0; i < 16; i++) this.u32();
  }
  u32() {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** Uniform in [0, 1). */
  float() {
    return this.u32() / 4294967296;
  }
  /** Uniform integer in [0, n). */
  int(n) {
    return Math.floor(this.float() * n);
  }
  /** Uniform integer in [lo, hi]. */
  range(lo, hi) {
    return lo + this.int(hi - lo + 1);
  }
  chance(p) {
    return this.float() < p;
  }
  pick(arr) {
    return arr[this.int(arr.length)];
  }
  /** Pick from a table made by `weights()`. */
  weighted(table) {
    const x = this.float() * table.total;
    const { cum, items } = table;
    for (let i = 0; i < cum.length; i++) if (x < cum[i]) return items[i];
    return items[items.length - 1];
  }
}

function weights(pairs) {
  const items = [];
  const cum = [];
  let total = 0;
  for (const [item, w] of pairs) {
    total += w;
    items.push(item);
    cum.push(total);
  }
  return { items, cum, total };
}

const hex8 = (n) => (n >>> 0).toString(16).padStart(8, '0');

/** A seeded bijection on 64-bit counters, so ids from distinct counters never collide. */
class IdMaker {
  constructor(seed32, domain) {
    this.keys = [1, 2, 3, 4].map((i) => mix32(seed32 ^ mix32(Math.imul(domain, 0x9e3779b1) + i)));
  }
  /** 16 lower-case hex chars for counter `n` (0 <= n < 2^53). */
  hex16(n) {
    let l = Math.floor(n / 4294967296) >>> 0;
    let r = n >>> 0;
    for (const k of this.keys) {
      const t = (l ^ mix32(r ^ k)) >>> 0;
      l = r;
      r = t;
    }
    return hex8(l) + hex8(r);
  }
}

// ---------------------------------------------------------------------------------------------
// Models, prices (USD per 1M input / output tokens) and popularity.

const MODELS = {
  'gpt-4o': { provider: 'openai', in: 2.5, out: 10, msPerToken: 14 },
  'gpt-4o-mini': { provider: 'openai', in: 0.15, out: 0.6, msPerToken: 8 },
  'gpt-4.1': { provider: 'openai', in: 2, out: 8, msPerToken: 15 },
  'claude-sonnet-4-5': { provider: 'anthropic', in: 3, out: 15, msPerToken: 18 },
  'claude-haiku-4-5': { provider: 'anthropic', in: 1, out: 5, msPerToken: 9 },
  'gemini-2.5-flash': { provider: 'google', in: 0.3, out: 2.5, msPerToken: 7 },
  'mistral-large': { provider: 'mistral', in: 2, out: 6, msPerToken: 16 },
  'mistral-small': { provider: 'mistral', in: 0.1, out: 0.3, msPerToken: 8 },
  'text-embedding-3-small': { provider: 'openai', in: 0.02, out: 0, dims: 1536 },
  'text-embedding-3-large': { provider: 'openai', in: 0.13, out: 0, dims: 3072 },
  'gemini-embedding-001': { provider: 'google', in: 0.15, out: 0, dims: 3072 },
  'mistral-embed': { provider: 'mistral', in: 0.1, out: 0, dims: 1024 },
};

const CHAT_MODELS = weights([
  ['gpt-4o-mini', 30],
  ['gpt-4o', 20],
  ['claude-sonnet-4-5', 15],
  ['gpt-4.1', 10],
  ['claude-haiku-4-5', 10],
  ['gemini-2.5-flash', 10],
  ['mistral-large', 5],
]);

/** The cheap model a pipeline uses for routing / rewriting / extraction steps. */
const CHEAP_MODEL = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
  google: 'gemini-2.5-flash',
  mistral: 'mistral-small',
};

const EMBED_MODEL = {
  openai: weights([
    ['text-embedding-3-small', 80],
    ['text-embedding-3-large', 20],
  ]),
  anthropic: weights([['text-embedding-3-small', 1]]),
  google: weights([['gemini-embedding-001', 1]]),
  mistral: weights([['mistral-embed', 1]]),
};

const ENVIRONMENTS = weights([
  ['production', 85],
  ['staging', 10],
  ['development', 5],
]);

const TEMPERATURES = [0, 0.2, 0.2, 0.3, 0.5, 0.7, 1];
const MAX_TOKENS = [512, 1024, 1024, 2048, 4096];

function costUsd(model, inputTokens, outputTokens) {
  const p = MODELS[model];
  return Math.round((inputTokens * p.in + outputTokens * p.out) * 100) / 1e8;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary. `{slot}` in a template is filled from SLOTS; a slot keeps its value for a whole
// trace (so the order id in the question matches the tool call), except the FREE_SLOTS.

const PEOPLE = [
  ['Alice Martin', 'alice.martin'],
  ['Bob Nguyen', 'bob.nguyen'],
  ['Carla Rossi', 'carla.rossi'],
  ['Dmitri Ivanov', 'dmitri.ivanov'],
  ['Emma Schmidt', 'emma.schmidt'],
  ['Farah Khan', 'farah.khan'],
  ['George Brown', 'george.brown'],
  ['Hana Sato', 'hana.sato'],
  ['José García', 'jose.garcia'],
  ['Zoë Laurent', 'zoe.laurent'],
  ['Łukasz Nowak', 'lukasz.nowak'],
  ['Mei Chen', 'mei.chen'],
  ['Noah Wilson', 'noah.wilson'],
  ['Olivia Jones', 'olivia.jones'],
  ['Priya Patel', 'priya.patel'],
  ['Quentin Moreau', 'quentin.moreau'],
  ['Rosa Álvarez', 'rosa.alvarez'],
  ['Sven Larsen', 'sven.larsen'],
  ['Tariq Aziz', 'tariq.aziz'],
  ['Uma Reddy', 'uma.reddy'],
  ['Wen Li', 'wen.li'],
  ['Yusuf Demir', 'yusuf.demir'],
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CODE_SNIPPETS = [
  'function total(items) {\n  let sum = 0;\n  for (let i = 0; i <= items.length; i++) {\n    sum += items[i].price;\n  }\n  return sum;\n}',
  'def refund(order, amount):\n    if amount > order.total:\n        amount = order.total\n    order.refunded += amount\n    db.save(order)\n    return amount',
  'func (p *Pool) Get() *Conn {\n\tp.mu.Lock()\n\tc := p.free[len(p.free)-1]\n\tp.free = p.free[:len(p.free)-1]\n\treturn c\n}',
  'fn parse_port(s: &str) -> u16 {\n    s.trim().parse().unwrap()\n}',
];

const list = (arr) => (r) => r.pick(arr);
const SLOTS = {
  order: (r) => String(r.range(100000, 999999)),
  amount: (r) => '$' + (r.range(500, 45000) / 100).toFixed(2),
  plan: list(['Basic', 'Plus', 'Pro', 'Team', 'Enterprise']),
  product: list([
    'wireless headphones',
    'standing desk',
    'coffee grinder',
    '4K monitor',
    'running shoes',
    'mechanical keyboard',
    'air purifier',
    'travel backpack',
    'smart watch',
    'blender',
    'office chair',
    'USB-C hub',
  ]),
  ship_status: list([
    'in transit',
    'label created',
    'out for delivery',
    'delivered',
    'held at customs',
    'returned to sender',
  ]),
  defect: list([
    'scratched',
    'missing a part',
    'in the wrong color',
    'not turning on',
    'damaged in shipping',
    'as a different model than I ordered',
  ]),
  person: (r, t) => t.person[0],
  person_first: (r, t) => t.person[0].split(' ')[0],
  email: (r, t) =>
    t.person[1] + r.range(1, 99) + '@' + r.pick(['gmail.com', 'outlook.com', 'proton.me', 'acme-corp.io']),
  date: (r, t) => shortDate(t.startMs - r.range(1, 20) * DAY_MS),
  date2: (r, t) => shortDate(t.startMs + r.range(1, 10) * DAY_MS),
  payment: list(['Visa card', 'Mastercard', 'PayPal account', 'Apple Pay', 'gift card', 'bank account']),
  ordinal: list(['second', 'third', 'fourth']),
  city: list([
    'Berlin',
    'Lyon',
    'Austin',
    'Toronto',
    'Zürich',
    'São Paulo',
    'Osaka',
    'Melbourne',
    'Dublin',
    'Kraków',
    'Seattle',
    'Madrid',
  ]),
  attempt: list([
    'clearing my browser cache',
    'logging out and back in',
    'the live chat',
    'calling the hotline',
    'resetting my password',
    'the mobile app',
  ]),
  feeling: list(['frustrated', 'disappointed', 'confused', 'annoyed', 'worried', 'patient but confused']),
  team: list(['billing', 'shipping', 'returns', 'technical support', 'account security']),
  priority: list(['P1', 'P2', 'P2', 'P3', 'P3']),
  n: (r) => String(r.range(2, 7)),
  ticket: (r) => 'TCK-' + r.range(10000, 99999),
  subject: list([
    'Order not delivered',
    'Charged twice',
    'Damaged item',
    'Cannot log in',
    'Refund amount wrong',
    'Address change',
  ]),
  pr: (r) => String(r.range(120, 9800)),
  repo: list(['acme/web', 'acme/api', 'acme/payments', 'acme/mobile', 'acme/infra', 'acme/search']),
  file: list([
    'src/auth/session.ts',
    'api/handlers/orders.go',
    'payments/refund.py',
    'lib/cache.rs',
    'web/components/Cart.tsx',
    'services/email/sender.py',
    'internal/db/pool.go',
    'src/utils/date.ts',
  ]),
  func: list([
    'validateToken',
    'applyDiscount',
    'retryWithBackoff',
    'parseInvoice',
    'mergeCarts',
    'sendReceipt',
    'computeTax',
    'flushCache',
  ]),
  lang: list(['TypeScript', 'Go', 'Python', 'Rust']),
  code: list(CODE_SNIPPETS),
  ci_status: list(['two flaky tests', 'a failing lint step', 'all checks green', 'a timeout in the integration suite']),
  issue_kind: list([
    'a possible race condition',
    'an unchecked error',
    'an off-by-one in the loop bound',
    'a SQL injection risk',
    'a missing null check',
    'an N+1 query',
  ]),
  line: (r) => String(r.range(12, 420)),
  entity: list(['customers', 'orders', 'users', 'subscriptions', 'support tickets', 'trial accounts']),
  dimension: list(['country', 'plan', 'signup channel', 'device type', 'region', 'product category']),
  metric: list(['revenue', 'order count', 'churn rate', 'average order value', 'active days', 'refund rate']),
  period: list(['Q1 2025', 'March 2025', 'the last 30 days', '2024', 'the last week', 'April']),
  period2: list(['Q4 2024', 'February 2025', 'the previous 30 days', '2023', 'the week before']),
  table: list(['orders', 'customers', 'subscriptions', 'events', 'tickets', 'payments']),
  column: list(['country', 'plan_id', 'channel', 'status', 'device_type', 'region']),
  product_sw: list(['Acme Cloud', 'the Acme CLI', 'the Acme dashboard', 'the Acme API', 'Acme Sync']),
  feature: list([
    'SSO',
    'webhooks',
    'audit logs',
    'custom domains',
    'role-based access',
    'data export',
    'two-factor authentication',
    'usage alerts',
  ]),
  feature2: list(['API keys', 'scheduled reports', 'service accounts', 'IP allow-lists', 'SCIM provisioning']),
  howto: list([
    'rotate an API key',
    'set up SSO with Okta',
    'export all my data',
    'add a teammate',
    'configure webhooks',
    'enable audit logs',
    'change the billing email',
    'set a usage alert',
  ]),
  error_code: list(['E401', 'E403', 'E429', 'E1002', 'ERR_TIMEOUT', 'E5003']),
  action: list([
    'calling the API from a cron job',
    'uploading a large file',
    'signing in with SSO',
    'creating a webhook',
    'exporting a report',
  ]),
  settings_page: list(['Security', 'Billing', 'Integrations', 'Team', 'Developer']),
  weekday: list(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']),
  intent: list(['billing', 'shipping', 'returns', 'technical', 'account', 'sales', 'other']),
  conf: (r) => '0.' + r.range(55, 99),
  workspace: (r) => 'ws-' + r.range(10000, 99999),
  invoice: (r) => String(r.range(100000, 999999)),
  request_id: (r) => 'req_' + hex8(r.u32()),
  commit: (r) => hex8(r.u32()).slice(0, 7),
  version: (r) => '3.' + r.range(0, 12) + '.' + r.range(0, 9),
  count: (r) => String(r.range(3, 250)),
};
const FREE_SLOTS = new Set(['n', 'line', 'conf', 'feature2', 'period2', 'count']);

function shortDate(ms) {
  const d = new Date(ms);
  return MONTHS[d.getUTCMonth()] + ' ' + d.getUTCDate();
}

/** Splits a template into [literal, slot, literal, ...] once, checking the slot names. */
function compile(tpl) {
  const parts = tpl.split(/\{(\w+)\}/);
  for (let i = 1; i < parts.length; i += 2) {
    if (!SLOTS[parts[i]]) throw new Error(`unknown slot {${parts[i]}} in template: ${tpl}`);
  }
  return parts;
}
const compileAll = (arr) => arr.map(compile);

// ---------------------------------------------------------------------------------------------
// Task content: system prompt, user message templates (`user` openers, `more` padding sentences),
// assistant answer templates (`answer`, `answerMore`) and the tools an agent may call.

const SUPPORT_USER = [
  "Hi, my order {order} still hasn't arrived and the tracking page just says {ship_status}.",
  'I was charged {amount} twice for my {plan} subscription this month.',
  'The {product} from order {order} arrived {defect}. Can I get a replacement?',
  'How do I change the delivery address on order {order}? I moved to {city}.',
  "I can't log in to my account, the password reset email never arrives at {email}.",
  'Please cancel order {order}, I picked the wrong {product}.',
  'Why was my refund for order {order} only {amount}?',
  'Hello, I need an invoice with our VAT number for order {order}.',
  'Is the {product} back in stock? I want to order {count} for our office in {city}.',
  'My {plan} plan renewed even though I cancelled it on {date} (invoice INV-{invoice}).',
];
const SUPPORT_MORE = [
  'I ordered it on {date} and paid with my {payment}.',
  "This is the {ordinal} time I'm writing to you about this.",
  'The delivery address is in {city}, in case that matters.',
  'My account email is {email}.',
  "I already tried {attempt}, but it didn't help.",
  'It was supposed to arrive by {date}.',
  "Honestly I'm pretty {feeling} about this.",
  'Let me know if you need anything else from me.',
  'I would prefer a refund to store credit.',
  'The order is under my name, {person}.',
  'I need this sorted before the weekend if possible.',
  'Your chat bot told me to email support, which I did, but nobody answered.',
];

const TASKS = {
  'support-triage': {
    weight: 28,
    root: 'agent',
    rootName: 'support_agent',
    service: 'support-bot',
    multiTurn: true,
    retrieval: 0.15,
    index: 'kb-support',
    tools: ['lookup_order', 'lookup_order', 'get_customer', 'create_ticket', 'refund_order'],
    system:
      "You are Acme Store's support assistant. Look up orders with the tools, then resolve the issue or route it to a team.",
    user: SUPPORT_USER,
    more: SUPPORT_MORE,
    answer: [
      'Thanks for your patience, {person_first}. I checked order {order}: it is currently {ship_status} and should reach you by {date2}.',
      "I'm sorry about the trouble. I've routed this to our {team} team as a {priority} ticket ({ticket}).",
      "I've issued a refund of {amount} to your {payment}; it usually appears within {n} business days.",
      "I've updated the delivery address on order {order} to your new address in {city}.",
      "I've sent a new password reset link to {email}. Please check your spam folder too.",
      "Order {order} has been cancelled and you won't be charged.",
    ],
    answerMore: [
      "You'll get a confirmation email at {email} in a few minutes.",
      'You can follow up any time by replying to ticket {ticket}.',
      'If anything else comes up, just reply to this message.',
      "I've also added a note to your account so the next agent has the full context.",
      'Sorry again for the inconvenience, and thanks for shopping with Acme.',
      'Our {team} team usually responds within {n} hours on business days.',
      "If the {product} doesn't arrive by {date2}, we'll send a replacement at no cost.",
    ],
  },
  'code-review': {
    weight: 10,
    root: 'agent',
    rootName: 'code_reviewer',
    service: 'review-bot',
    multiTurn: true,
    retrieval: 0,
    tools: ['read_file', 'read_file', 'run_tests', 'search_code'],
    system: 'You are a senior engineer reviewing code. Report bugs and security issues first, with concrete fixes.',
    user: [
      'Can you review PR #{pr} in {repo}? It rewrites {func} in {file}.',
      'Please check this function from {file} (line {line}) for bugs:\n```\n{code}\n```',
      'Is the refactor of {file} in commit {commit} safe to merge? CI shows {ci_status}.',
      'Why would {func} in {file} return stale data after the deploy of {commit}?',
      'Review my change to {func} in PR #{pr}: I added a cache in front of the database call.',
      'PR #{pr} in {repo} fails on CI with {ci_status}. Is it the change to {func}?',
      'Does the new {func} in {file} handle the empty input case? (PR #{pr})',
    ],
    more: [
      'The PR also touches the tests for {func}.',
      'We saw {issue_kind} in production last week around this code.',
      'Performance matters here, it runs on every request.',
      "I'm not sure the error handling is right.",
      'The original author left the team, so there are no docs.',
      "We're planning to ship this on {date2}.",
      'It has to stay compatible with the {lang} version we run in production.',
      'The diff is {count} lines, mostly in {file}.',
      'Commit {commit} is the one I am worried about.',
      'Line {line} is where it started failing.',
    ],
    answer: [
      'I found {issue_kind} in {func} ({file}, line {line}). Fix it before merging.',
      'Overall the change looks good. Two things to address: {issue_kind} and a missing test for the empty-input case.',
      'The stale data comes from the cache in {func}: entries are never invalidated when the config changes.',
      'Not safe to merge yet: {ci_status}, and {func} has {issue_kind}.',
    ],
    answerMore: [
      'Suggested fix:\n```\nif (items.length === 0) return [];\n```',
      'Consider adding a regression test that covers this path.',
      'The naming in {file} is inconsistent; pick one style for the helpers.',
      'Line {line} swallows the error; log it or return it to the caller.',
      'The loop bound should be `<` instead of `<=`.',
      'Otherwise the change is clear and well structured.',
    ],
  },
  'sql-generation': {
    weight: 10,
    root: 'agent',
    rootName: 'sql_agent',
    service: 'analytics-assistant',
    multiTurn: true,
    retrieval: 0,
    tools: ['describe_table', 'describe_table', 'run_query'],
    system:
      'You write read-only PostgreSQL for the Acme warehouse. Call describe_table first; return one ```sql block.',
    user: [
      'How many {entity} signed up between {date} and {date2}, broken down by {dimension}?',
      'What was the total {metric} per {dimension} for {period}, only for accounts with more than {count} orders?',
      'Show me the top {count} {entity} by {metric} in {period}.',
      'Which {dimension} had the biggest drop in {metric} between {period} and {period2} on the {plan} plan?',
      'Give me a weekly count of new {entity} in {city} since {date}.',
    ],
    more: [
      'Exclude test accounts, they have emails ending in @example.com.',
      'Only count {entity} on the {plan} plan.',
      'The data lives in the {table} table I think.',
      'Sort it descending please.',
      'I need this for the board deck on {date2}.',
      'Amounts are stored in cents, so divide by 100.',
    ],
    answer: [
      "```sql\nSELECT {column}, COUNT(*) AS total\nFROM {table}\nWHERE created_at >= DATE '2025-01-01'\nGROUP BY {column}\nORDER BY total DESC\nLIMIT {n}0;\n```",
      "```sql\nSELECT date_trunc('week', created_at) AS week, COUNT(*) AS new_rows\nFROM {table}\nGROUP BY 1\nORDER BY 1;\n```",
      "```sql\nSELECT {column}, SUM(amount_cents) / 100.0 AS total\nFROM {table}\nWHERE email NOT LIKE '%@example.com'\nGROUP BY {column}\nORDER BY total DESC;\n```",
    ],
    answerMore: [
      'This groups the {table} rows by {column} and aggregates them.',
      "I filtered out test accounts with `email NOT LIKE '%@example.com'`.",
      'If you need the numbers per month instead, change the date_trunc unit.',
      'Note that {column} can be null for older rows, so those end up in their own group.',
      'The query only reads from {table}, so it is safe to run on the replica.',
    ],
  },
  'rag-answer': {
    weight: 22,
    root: 'chain',
    rootName: 'rag_pipeline',
    service: 'docs-assistant',
    multiTurn: true,
    index: 'kb-docs',
    system: "Answer only from the documentation excerpts below, citing them as [1], [2]. Otherwise say you don't know.",
    user: [
      'How do I {howto} in {product_sw}? Our workspace is {workspace}.',
      "What's the difference between {feature} and {feature2}? We're on {product_sw} {version}, {plan} plan.",
      'Does {product_sw} support {feature} on the {plan} plan? We have {count} seats.',
      'Why do I get error {error_code} (request {request_id}) when {action}?',
      'Is there a limit on how many {feature2} workspace {workspace} can have?',
      'I am not an admin of workspace {workspace}. Can I still {howto} from {product_sw}?',
      'Our workspace {workspace} shows {error_code} since {date}. What does it mean?',
      'Where do I find the {feature} settings for workspace {workspace}?',
    ],
    more: [
      "I'm on the {plan} plan.",
      'We have about {count} people on the team.',
      "I looked in the docs but couldn't find it.",
      "We're using {product_sw} version {version}.",
      'It worked fine until last {weekday}.',
      'Our workspace id is {workspace}.',
      'The last failing request had id {request_id}.',
      'We need this for {count} teammates by {date2}.',
    ],
    answer: [
      'To {howto}, open Settings > {settings_page} in {product_sw} and follow the steps there [1].',
      '{feature} is available on the {plan} plan and above [2].',
      'Error {error_code} means the request was rejected; this usually happens when {action} without the right permissions [1].',
      "I don't know based on the documentation I have. Please contact support.",
    ],
    answerMore: [
      'Changes take effect within a few minutes [2].',
      'Admins can restrict this per workspace [1].',
      'See the {settings_page} section of the docs for the full list of options [3].',
      'If the problem persists, include the request id when you contact support.',
    ],
  },
  'summarize-ticket': {
    weight: 15,
    root: 'chain',
    rootName: 'ticket_summarizer',
    service: 'helpdesk-worker',
    multiTurn: false,
    system: 'Summarize the ticket for handoff in five bullets: problem, impact, steps taken, next action, sentiment.',
    prefix: 'Summarize ticket {ticket} ({subject}).\n\nCustomer {person_first} wrote: ',
    user: SUPPORT_USER,
    more: SUPPORT_MORE,
    answer: [
      '- Problem: {subject}, order {order}.\n- Impact: customer waiting since {date}.\n- Steps taken: customer tried {attempt}.\n- Next action: {team} to follow up ({priority}).\n- Sentiment: {feeling}.',
    ],
    answerMore: [
      '- Note: this is the {ordinal} contact about the same issue.',
      '- Note: customer prefers a refund to store credit.',
      '- Note: order was paid with a {payment}.',
      '- Note: delivery address is in {city}.',
    ],
  },
  'classify-intent': {
    weight: 15,
    root: 'chain',
    rootName: 'intent_classifier',
    service: 'helpdesk-worker',
    multiTurn: false,
    system: 'Classify the message as billing, shipping, returns, technical, account, sales or other. Reply with JSON.',
    user: SUPPORT_USER,
    more: SUPPORT_MORE,
    answer: ['{"intent":"{intent}","confidence":{conf}}'],
    answerMore: [],
  },
};
for (const task of Object.values(TASKS)) {
  for (const key of ['user', 'more', 'answer', 'answerMore']) task[key] = compileAll(task[key]);
  if (task.prefix) task.prefix = compile(task.prefix);
}
const TASK_TABLE = weights(Object.entries(TASKS).map(([name, t]) => [name, t.weight]));

const STEP_PROMPTS = {
  router:
    "Route the customer's message to one queue: orders, billing, account, technical, other. Reply with JSON only.",
  rewrite: "Rewrite the user's last question as a standalone search query. Reply with the query only.",
  extract: 'Extract the order ids, ticket ids, amounts and priority mentioned in the text as compact JSON.',
};
const STEP_ANSWERS = {
  router: compileAll(['{"queue":"{intent}","confidence":{conf}}']),
  rewrite: compileAll(['{howto} {product_sw}', '{feature} {plan} plan', 'error {error_code} {action}']),
  extract: compileAll([
    '{"order_ids":["{order}"],"priority":"{priority}"}',
    '{"ticket_ids":["{ticket}"],"amounts":["{amount}"],"priority":"{priority}"}',
  ]),
};

/** Knowledge-base excerpts returned by retrieval, per index. */
const SUPPORT_DOCS = compileAll([
  'Returns: unused items can be returned within 30 days of delivery; {product} returns are free in {city}.',
  'Refunds go back to the original payment method within {n} business days of the item arriving at our warehouse.',
  'Double charges: a pending authorization disappears after {n} days; a second settled charge is refunded by billing.',
  'Shipping: orders marked {ship_status} for more than {n} days can be reshipped or refunded at no cost.',
  'Address changes are possible until the label is created; after that, contact the carrier.',
]);
const SUPPORT_DOC_MORE = compileAll([
  'Agents may approve refunds up to $200 without a ticket.',
  'Gift card purchases are refunded as store credit.',
  'Enterprise customers are handled by their account manager.',
  'Escalate to the shipping team if the carrier has no scan for five days.',
]);
const DOC_SNIPPETS = compileAll([
  '{product_sw} > {settings_page}: {feature} can be turned on by workspace admins and is included in the {plan} plan.',
  'Troubleshooting {error_code}: this error is returned when {action} and the token lacks the required scope.',
  'How to {howto}: go to Settings > {settings_page}, choose {feature}, and confirm the change.',
  'Limits: each workspace can have up to {n}0 {feature2}; contact sales to raise the limit.',
]);
const DOC_MORE = compileAll([
  'Changes are recorded in the audit log.',
  'Enterprise workspaces can also manage this through the admin API.',
  'The setting applies to every member of the workspace.',
  'It can take up to five minutes for the change to propagate.',
  'Older workspaces may need to migrate to the new settings page first.',
]);

/** Tools: arguments and result built from the trace's slot values. */
const TOOLS = {
  lookup_order: {
    args: (t) => ({ order_id: slot(t, 'order') }),
    result: (t) => ({
      order_id: slot(t, 'order'),
      status: slot(t, 'ship_status').replace(/ /g, '_'),
      carrier: t.rt.pick(['DHL', 'UPS', 'FedEx', 'La Poste', 'Royal Mail']),
      eta: slot(t, 'date2'),
      total: slot(t, 'amount'),
    }),
  },
  get_customer: {
    args: (t) => ({ email: slot(t, 'email') }),
    result: (t) => ({
      customer_id: 'cus_' + t.rt.range(100000, 999999),
      name: slot(t, 'person'),
      plan: slot(t, 'plan'),
      orders: t.rt.range(1, 40),
    }),
  },
  create_ticket: {
    args: (t) => ({ team: slot(t, 'team'), priority: slot(t, 'priority'), summary: slot(t, 'subject') }),
    result: (t) => ({ ticket_id: slot(t, 'ticket'), status: 'open' }),
  },
  refund_order: {
    args: (t) => ({ order_id: slot(t, 'order'), amount: slot(t, 'amount') }),
    result: (t) => ({ refund_id: 're_' + t.rt.range(1000000, 9999999), status: 'pending' }),
  },
  read_file: {
    args: (t) => ({ path: slot(t, 'file') }),
    result: (t) => ({ path: slot(t, 'file'), content: slot(t, 'code') }),
  },
  run_tests: {
    args: (t) => ({ target: slot(t, 'file') }),
    result: (t) => ({ passed: t.rt.range(20, 400), failed: t.rt.range(0, 3), duration_ms: t.rt.range(800, 90000) }),
  },
  search_code: {
    args: (t) => ({ query: slot(t, 'func') }),
    result: (t) => ({
      matches: [
        { path: slot(t, 'file'), line: t.rt.range(10, 400) },
        { path: t.rt.pick(SLOTS_FILES), line: t.rt.range(10, 400) },
      ],
    }),
  },
  describe_table: {
    args: (t) => ({ table: slot(t, 'table') }),
    result: (t) => ({
      table: slot(t, 'table'),
      columns: ['id', 'created_at', slot(t, 'column'), 'amount_cents', 'email'],
    }),
  },
  run_query: {
    args: (t) => ({ sql: `SELECT ${slot(t, 'column')}, COUNT(*) FROM ${slot(t, 'table')} GROUP BY 1` }),
    result: (t) => ({ rows: t.rt.range(3, 60), truncated: false }),
  },
  get_ticket: {
    args: (t) => ({ ticket_id: slot(t, 'ticket') }),
    result: (t) => ({ ticket_id: slot(t, 'ticket'), subject: slot(t, 'subject'), channel: 'email' }),
  },
};
const SLOTS_FILES = ['src/index.ts', 'api/router.go', 'tests/test_refund.py', 'lib/util.rs'];

const ERRORS = {
  llm_call: [
    ['RateLimitError: 429 Too Many Requests', 429, 30],
    ['Timeout after 30s', null, 20],
    ['APIError: 500 Internal Server Error', 500, 15],
    ['ServiceUnavailableError: 503 The model is overloaded, please retry', 503, 15],
    ['BadRequestError: 400 context_length_exceeded', 400, 10],
    ['APIConnectionError: Connection reset by peer', null, 10],
  ],
  embedding: [
    ['RateLimitError: 429 Too Many Requests', 429, 60],
    ['APIError: 500 Internal Server Error', 500, 40],
  ],
  retrieval: [
    ['VectorStoreError: query timed out after 5s', null, 60],
    ['VectorStoreError: index not ready', null, 40],
  ],
  tool: [
    ['ToolError: resource not found', null, 40],
    ['HTTPError: 502 Bad Gateway from upstream API', null, 30],
    ['TimeoutError: tool call exceeded 500ms', null, 30],
  ],
};
const ERROR_TABLES = Object.fromEntries(Object.entries(ERRORS).map(([k, v]) => [k, weights(v.map((e) => [e, e[2]]))]));

// ---------------------------------------------------------------------------------------------
// Text helpers.

function slot(t, name) {
  if (FREE_SLOTS.has(name)) return SLOTS[name](t.rt, t);
  let v = t.bind[name];
  if (v === undefined) {
    v = SLOTS[name](t.rt, t);
    t.bind[name] = v;
  }
  return v;
}

function render(parts, t) {
  let s = parts[0];
  for (let i = 1; i < parts.length; i += 2) s += slot(t, parts[i]) + parts[i + 1];
  return s;
}

/** One opener sentence, then at least `minMore` padding sentences, up to about `chars` characters. */
function paragraph(first, more, chars, t, minMore = 0) {
  let s = render(t.rt.pick(first), t);
  if (more.length === 0) return s;
  const want = Math.round(chars * (0.4 + 1.2 * t.rt.float()));
  for (let n = 0; n < minMore || s.length < want; n++) s += ' ' + render(t.rt.pick(more), t);
  return s;
}

function nearDuplicate(text, r) {
  switch (r.int(4)) {
    case 0:
      return text + ' Thanks!';
    case 1:
      return text.charAt(0).toLowerCase() + text.slice(1);
    case 2:
      return text.replace(/\.$/, '!');
    default:
      return text.replace(' ', '  ');
  }
}

function contentChars(messages) {
  let n = 0;
  for (const m of messages) {
    n += 4;
    if (typeof m.content === 'string') n += m.content.length;
    if (m.tool_calls) for (const c of m.tool_calls) n += c.function.name.length + c.function.arguments.length;
  }
  return n;
}

const tokensFor = (chars, r) => Math.max(1, Math.round((chars / 4) * (0.88 + 0.24 * r.float())));
const isoMs = (ms) => new Date(ms).toISOString();

// ---------------------------------------------------------------------------------------------
// Trace construction.

class TraceFactory {
  constructor(o, textScale) {
    this.o = o;
    this.scale = textScale;
    this.rs = new Rng(o.seed32, 1); // structure: trace shapes, timings, sessions
    this.rt = new Rng(o.seed32, 2); // text: word choices and lengths
    this.spanIds = new IdMaker(o.seed32, 1);
    this.traceIds = [new IdMaker(o.seed32, 2), new IdMaker(o.seed32, 3)];
    this.sessionIds = new IdMaker(o.seed32, 4);
    this.callIds = new IdMaker(o.seed32, 5);
    this.spanCount = 0;
    this.traceCount = 0;
    this.sessionCount = 0;
    this.callCount = 0;
    this.sessions = [];
    this.recentFirstTurns = {}; // task -> ring of recent first-turn user messages
    const windowMs = o.days * DAY_MS;
    this.t0 = o.endMs - windowMs;
    // Keep a margin at the end so the children of the last traces still start before --end.
    this.spreadMs = windowMs > 1_200_000 ? windowMs - 600_000 : windowMs / 2;
  }

  pickSession() {
    const rs = this.rs;
    if (this.sessions.length > 0 && rs.chance(SESSION_CONTINUE_RATE)) return rs.pick(this.sessions);
    const u = rs.float();
    const model = rs.weighted(CHAT_MODELS);
    const s = {
      id: 'sess_' + this.sessionIds.hex16(this.sessionCount++),
      task: rs.weighted(TASK_TABLE),
      environment: rs.weighted(ENVIRONMENTS),
      user: 'user_' + String(Math.floor(u * u * USER_POOL)).padStart(4, '0'),
      person: PEOPLE[Math.floor(u * u * USER_POOL) % PEOPLE.length],
      model,
      history: [],
    };
    if (this.sessions.length < SESSION_POOL) this.sessions.push(s);
    else this.sessions[rs.int(SESSION_POOL)] = s;
    return s;
  }

  /** The child steps of a trace of `task`, at most 6; a tool-calling llm step names its tools. */
  planSteps(taskName, task) {
    const rs = this.rs;
    const steps = [];
    const llm = (step, tools = []) => ({ kind: 'llm_call', step, tools });
    if (task.root === 'agent') {
      if (taskName === 'support-triage' && rs.chance(0.3)) steps.push(llm('router'));
      if (rs.chance(task.retrieval)) steps.push({ kind: 'retrieval' });
      let budget = 6 - steps.length - 1;
      const rounds = rs.weighted(TOOL_ROUNDS);
      for (let i = 0; i < rounds; i++) {
        const names = rs.chance(0.2) ? [rs.pick(task.tools), rs.pick(task.tools)] : [rs.pick(task.tools)];
        if (1 + names.length > budget) break;
        budget -= 1 + names.length;
        steps.push(llm('main', names), ...names.map((name) => ({ kind: 'tool', name })));
      }
      steps.push(llm('main'));
    } else if (taskName === 'rag-answer') {
      const u = rs.float();
      if (u < 0.2) steps.push(llm('rewrite'));
      if (u < 0.9) steps.push({ kind: 'embedding' });
      steps.push({ kind: 'retrieval' }, llm('main'));
    } else if (taskName === 'summarize-ticket') {
      const u = rs.float();
      if (u < 0.75) steps.push({ kind: 'tool', name: 'get_ticket' });
      steps.push(llm('main'));
      if (u >= 0.6) steps.push(llm('extract'));
    } else {
      steps.push(llm('main'));
      if (rs.chance(0.3)) steps.push(llm('extract'));
    }
    return steps;
  }

  /** Builds the next trace (at most `remaining` spans) as final records, root first. */
  nextTrace(remaining, produced) {
    const { rs, o } = this;
    const session = this.pickSession();
    const task = TASKS[session.task];
    let steps = this.planSteps(session.task, task);
    if (steps.length + 1 > remaining) steps = steps.slice(0, remaining - 1);
    // Spread traces evenly by span count; the jitter stays inside this trace's first slot so that
    // start times never decrease (a failure may end a trace early, so its size is not known yet).
    const startMs = this.t0 + Math.floor(((produced + rs.float()) / o.spans) * this.spreadMs);
    const traceNo = this.traceCount++;
    /** Everything the span builders share while a trace is built. */
    const t = {
      rt: this.rt,
      bind: {}, // slot values, fixed for the trace
      person: session.person,
      startMs,
      traceId: this.traceIds[0].hex16(traceNo) + this.traceIds[1].hex16(traceNo),
      rootId: this.spanIds.hex16(this.spanCount++),
      taskName: session.task,
      task,
      session,
      system: task.system, // grows retrieved excerpts
      userText: '',
      query: null, // search query of a rewrite step
      conversation: [], // history, user message, assistant tool calls and tool results
      pendingCalls: [], // tool calls the next tool spans answer
      finalAnswer: null,
    };
    t.userText = this.userText(t);
    const userMsg = { role: 'user', content: t.userText };
    t.userMsg = userMsg;
    t.conversation = [...t.history, userMsg];

    const children = [];
    let cursor = startMs + rs.range(2, 40);
    let rootError = null;
    for (const step of steps) {
      const rec = this.baseRecord(t, this.spanIds.hex16(this.spanCount++), t.rootId);
      rec.kind = step.kind;
      const err = rs.chance(FAIL_RATE) ? rs.weighted(ERROR_TABLES[step.kind]) : null;
      const latency = this[SPAN_BUILDERS[step.kind]](t, step, rec, err);
      rec.started_at = isoMs(cursor);
      rec.ended_at = isoMs(cursor + latency);
      cursor += latency + rs.range(1, 25);
      children.push(rec);
      if (err) {
        rec.status = 'failed';
        rec.error = err[0];
        // An agent carries on after a failed tool (the model sees the error); anything else ends it.
        if (step.kind !== 'tool') {
          rootError = step.kind === 'llm_call' ? err[0] : `PipelineError: ${step.kind} step failed: ${err[0]}`;
          break;
        }
      }
    }

    const root = this.baseRecord(t, t.rootId, null);
    root.kind = task.root;
    root.name = (task.root === 'agent' ? 'invoke_agent ' : '') + task.rootName;
    root.input = [{ role: 'user', content: t.userText }];
    root.attributes = {
      [task.root === 'agent' ? 'agent.name' : 'chain.name']: task.rootName,
      'app.version': '3.' + Math.floor((startMs - this.t0) / (7 * DAY_MS)) + '.0',
    };
    root.started_at = isoMs(startMs);
    root.ended_at = isoMs(cursor + rs.range(1, 30));
    if (rootError) {
      root.status = 'failed';
      root.error = rootError;
    } else if (t.finalAnswer !== null) {
      root.output = [{ role: 'assistant', content: t.finalAnswer }];
      if (task.multiTurn) {
        const exchange = [userMsg, { role: 'assistant', content: t.finalAnswer }];
        session.history = [...session.history, ...exchange].slice(-4);
      }
    }
    return [root, ...children];
  }

  /**
   * Picks the earlier turns this trace sends (0-2 exchanges of its session, into `t.history`) and
   * returns the user's new message: fresh, or (rarely, on a first turn) a repeat of a recent one.
   */
  userText(t) {
    const { rs } = this;
    const { task, session } = t;
    const turns = task.multiTurn ? Math.min(session.history.length / 2, rs.weighted(HISTORY_TURNS)) : 0;
    t.history = turns > 0 ? session.history.slice(-2 * turns) : [];
    const recent = (this.recentFirstTurns[t.taskName] ??= []);
    if (t.history.length === 0 && recent.length > 0 && rs.chance(DUPLICATE_RATE)) {
      const prev = rs.pick(recent);
      return rs.chance(0.6) ? prev : nearDuplicate(prev, rs);
    }
    const text = (task.prefix ? render(task.prefix, t) : '') + paragraph(task.user, task.more, this.scale, t);
    if (t.history.length === 0) {
      if (recent.length < 32) recent.push(text);
      else recent[rs.int(32)] = text;
    }
    return text;
  }

  /** Fills an llm_call record; returns its latency in ms. */
  llmSpan(t, step, rec, err) {
    const { rs, rt } = this;
    const model = step.step === 'main' ? t.session.model : CHEAP_MODEL[MODELS[t.session.model].provider];
    let input;
    if (step.step === 'main') input = [{ role: 'system', content: t.system }, ...t.conversation];
    else if (step.step === 'rewrite') input = [{ role: 'system', content: STEP_PROMPTS.rewrite }, ...t.conversation];
    else {
      const text = step.step === 'extract' && t.taskName === 'summarize-ticket' ? t.finalAnswer : t.userMsg.content;
      input = [
        { role: 'system', content: STEP_PROMPTS[step.step] },
        { role: 'user', content: text ?? t.userText },
      ];
    }
    rec.name = 'chat ' + model;
    rec.model = model;
    rec.provider = MODELS[model].provider;
    rec.input = input;
    rec.input_tokens = tokensFor(contentChars(input), rs);
    rec.attributes = {
      'gen_ai.request.temperature': rs.pick(TEMPERATURES),
      'gen_ai.request.max_tokens': rs.pick(MAX_TOKENS),
      'http.status_code': 200,
    };
    if (err) {
      if (err[1]) rec.attributes['http.status_code'] = err[1];
      else delete rec.attributes['http.status_code'];
      return err[0].startsWith('Timeout') ? 30_000 : rs.range(300, 1500);
    }

    let message;
    if (step.step !== 'main') {
      // Side steps leave the conversation alone; a rewrite feeds the retrieval query.
      message = { role: 'assistant', content: render(rt.pick(STEP_ANSWERS[step.step]), t) };
      if (step.step === 'rewrite') t.query = message.content;
    } else if (step.tools.length > 0) {
      const calls = step.tools.map((name) => ({
        id: 'call_' + this.callIds.hex16(this.callCount++),
        type: 'function',
        function: { name, arguments: JSON.stringify(TOOLS[name].args(t)) },
      }));
      const preface = rt.pick(['', 'Let me check that for you.', "One moment, I'll look that up."]);
      message = { role: 'assistant', content: preface, tool_calls: calls };
      t.conversation.push(message);
      t.pendingCalls = [...calls];
    } else {
      message = { role: 'assistant', content: paragraph(t.task.answer, t.task.answerMore, this.scale * 0.8, t) };
      t.finalAnswer = message.content;
    }
    rec.output = [message];
    rec.output_tokens = tokensFor(contentChars(rec.output), rs);
    rec.cost_usd = costUsd(model, rec.input_tokens, rec.output_tokens);
    const msPerToken = MODELS[model].msPerToken * (0.7 + 0.6 * rs.float());
    return Math.min(12_000, Math.max(300, rs.range(250, 900) + Math.round(rec.output_tokens * msPerToken)));
  }

  /** Fills a tool record (answering the pending tool call, if any); returns its latency in ms. */
  toolSpan(t, step, rec, err) {
    const { rs } = this;
    const tool = TOOLS[step.name];
    const call = t.pendingCalls.shift();
    rec.name = 'execute_tool ' + step.name;
    rec.input = call ? JSON.parse(call.function.arguments) : tool.args(t);
    rec.attributes = { 'tool.name': step.name };
    if (call) rec.attributes['tool.call_id'] = call.id;
    const result = err ? { error: err[0] } : tool.result(t);
    if (!err) rec.output = result;
    if (call) t.conversation.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
    else if (!err) t.userMsg.content += '\n\nTicket data: ' + JSON.stringify(result);
    if (err) return err[0].startsWith('Timeout') ? 500 : rs.range(5, 400);
    return rs.range(5, 500);
  }

  /** Fills a retrieval record and adds the excerpts to the system prompt; returns its latency. */
  retrievalSpan(t, step, rec, err) {
    const { rs, rt } = this;
    const k = rs.range(2, 3);
    const query = t.query ?? (t.userText.length > 160 ? t.userText.slice(0, 160) : t.userText);
    rec.name = 'retrieve ' + t.task.index;
    rec.input = { query, top_k: k };
    rec.attributes = { 'retrieval.documents': k, 'retrieval.index': t.task.index };
    if (err) return err[0].includes('timed out') ? 5000 : rs.range(20, 200);
    const [first, more] = t.taskName === 'support-triage' ? [SUPPORT_DOCS, SUPPORT_DOC_MORE] : [DOC_SNIPPETS, DOC_MORE];
    const docs = [];
    for (let i = 0; i < k; i++) {
      docs.push({
        id: 'doc-' + rt.range(1000, 9999),
        score: Math.round((0.92 - i * 0.07 - rt.float() * 0.05) * 1000) / 1000,
        text: paragraph(first, more, this.scale * 0.25, t),
      });
    }
    rec.output = docs;
    t.system += '\n\nDocumentation excerpts:\n' + docs.map((d, i) => `[${i + 1}] ${d.text}`).join('\n');
    return rs.range(20, 300);
  }

  /** Fills an embedding record for the user's question; returns its latency in ms. */
  embeddingSpan(t, step, rec, err) {
    const { rs } = this;
    const model = rs.weighted(EMBED_MODEL[MODELS[t.session.model].provider]);
    const text = t.query ?? t.userText;
    rec.name = 'embeddings ' + model;
    rec.model = model;
    rec.provider = MODELS[model].provider;
    rec.input = [text];
    rec.input_tokens = tokensFor(text.length, rs);
    rec.attributes = { 'embedding.dimensions': MODELS[model].dims, 'http.status_code': err ? err[1] : 200 };
    if (!err) {
      rec.output = { embeddings: 1, dimensions: MODELS[model].dims };
      rec.output_tokens = 0;
      rec.cost_usd = costUsd(model, rec.input_tokens, 0);
    }
    return rs.range(50, 400);
  }

  baseRecord(t, spanId, parentId) {
    return {
      span_id: spanId,
      trace_id: t.traceId,
      parent_span_id: parentId,
      name: '',
      kind: 'custom',
      status: 'completed',
      model: null,
      provider: null,
      environment: t.session.environment,
      task: t.taskName,
      session_id: t.session.id,
      user_id: t.session.user,
      input_tokens: null,
      output_tokens: null,
      cost_usd: null,
      started_at: null,
      ended_at: null,
      input: null,
      output: null,
      attributes: null,
      error: null,
    };
  }
}

/** The TraceFactory method that fills a child span of each kind. */
const SPAN_BUILDERS = { llm_call: 'llmSpan', tool: 'toolSpan', retrieval: 'retrievalSpan', embedding: 'embeddingSpan' };
const HISTORY_TURNS = weights([
  [0, 45],
  [1, 40],
  [2, 15],
]);
const TOOL_ROUNDS = weights([
  [0, 35],
  [1, 45],
  [2, 15],
  [3, 5],
]);

/** The `running` record written before a span's final record. */
function runningVersion(rec) {
  let attributes = rec.attributes;
  if (attributes && 'http.status_code' in attributes) {
    attributes = { ...attributes };
    delete attributes['http.status_code'];
  }
  return {
    ...rec,
    status: 'running',
    output_tokens: null,
    cost_usd: null,
    ended_at: null,
    output: null,
    attributes,
    error: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Public API.

function normalizeOptions(opts = {}) {
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) };
  o.seed = String(o.seed);
  o.seed32 = hashString(o.seed);
  o.endMs = Date.parse(o.end);
  if (!Number.isSafeInteger(o.spans) || o.spans < 0) throw new Error(`spans must be an integer >= 0, got ${o.spans}`);
  if (!(o.days > 0)) throw new Error(`days must be > 0, got ${o.days}`);
  if (Number.isNaN(o.endMs)) throw new Error(`end is not a valid date: ${o.end}`);
  if (!(o.targetBytes > 0 && o.targetBytes <= 1e6)) {
    throw new Error(`targetBytes must be in (0, 1000000], got ${o.targetBytes}`);
  }
  return o;
}

function* generateWithScale(o, textScale) {
  const factory = new TraceFactory(o, textScale);
  const sched = new Rng(o.seed32, 3); // which spans are written as running first, and how late
  const pending = []; // final records held back, sorted by the line they are due at
  let produced = 0;
  let line = 0;
  while (produced < o.spans) {
    const recs = factory.nextTrace(o.spans - produced, produced);
    produced += recs.length;
    for (const rec of recs) {
      while (pending.length > 0 && pending[0].at <= line) {
        yield pending.shift().rec;
        line++;
      }
      if (sched.chance(RUNNING_FIRST_RATE)) {
        yield runningVersion(rec);
        line++;
        const at = line + sched.range(150, 600);
        let i = pending.length;
        while (i > 0 && pending[i - 1].at > at) i--;
        pending.splice(i, 0, { at, rec });
      } else {
        yield rec;
        line++;
      }
    }
  }
  for (const p of pending) yield p.rec;
}

/** Text scale (characters of padded message text) that makes the mean native line about B bytes. */
function calibrate(o) {
  // The pilot size depends only on the target, so the scale (and every span) does not depend on
  // --spans. Its first third is not measured: sessions have no history yet, so lines are shorter.
  const spans = Math.round(Math.min(PILOT_SPANS, Math.max(1000, (PILOT_SPANS * 2000) / o.targetBytes)));
  const warmup = Math.round(spans / 3);
  const mean = (scale) => {
    let bytes = 0;
    let lines = 0;
    for (const rec of generateWithScale({ ...o, spans }, scale)) {
      if (++lines > warmup) bytes += Buffer.byteLength(toNativeLine(rec)) + 1;
    }
    return bytes / (lines - warmup);
  };
  // mean(scale) rises in steps (a paragraph grows a whole sentence at a time), so bracket the
  // target and narrow the bracket by interpolation rather than trusting a secant.
  const target = o.targetBytes;
  let [lo, mlo] = [0, mean(0)];
  if (target <= mlo) return 0;
  let [hi, mhi] = [256, mean(256)];
  while (mhi < target && hi < 1e6) {
    [lo, mlo] = [hi, mhi];
    hi *= 4;
    mhi = mean(hi);
  }
  for (let i = 0; i < 8 && mhi - mlo > target * 0.002; i++) {
    const f = Math.min(0.9, Math.max(0.1, (target - mlo) / (mhi - mlo)));
    const mid = lo + (hi - lo) * f;
    const m = mean(mid);
    if (m < target) [lo, mlo] = [mid, m];
    else [hi, mhi] = [mid, m];
  }
  return target - mlo < mhi - target ? lo : hi;
}

/** Yields the native span records, in output order (running records included), as plain objects. */
export function* generateSpans({ spans, seed, days, end, targetBytes } = {}) {
  const o = normalizeOptions({ spans, seed, days, end, targetBytes });
  yield* generateWithScale(o, calibrate(o));
}

/** Serializes one record as a native JSONL line (no newline), fields in docs/FORMAT.md order. */
export function toNativeLine(rec) {
  const ordered = {};
  for (const f of FIELDS) ordered[f] = rec[f] ?? null;
  return JSON.stringify(ordered);
}

// ---------------------------------------------------------------------------------------------
// OTLP/JSON.

const SCOPE_BY_PROVIDER = {
  openai: 'opentelemetry.instrumentation.openai_v2',
  anthropic: 'opentelemetry.instrumentation.anthropic',
  google: 'opentelemetry.instrumentation.google_genai',
  mistral: 'opentelemetry.instrumentation.mistralai',
};
const DOUBLE_KEYS = new Set(['gen_ai.request.temperature', 'gen_ai.request.top_p', 'tracesift.cost_usd']);
const OP_NAME = { llm_call: 'chat', embedding: 'embeddings', tool: 'execute_tool', agent: 'invoke_agent' };

function anyValue(key, v) {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') {
    return Number.isInteger(v) && !DOUBLE_KEYS.has(key) ? { intValue: String(v) } : { doubleValue: v };
  }
  if (Array.isArray(v)) return { arrayValue: { values: v.map((x) => anyValue(key, x)) } };
  if (v && typeof v === 'object') return { kvlistValue: { values: kv(v) } };
  return {};
}

function kv(obj) {
  return Object.entries(obj).map(([key, v]) => ({ key, value: anyValue(key, v) }));
}

/** Chat messages in the GenAI semantic-convention "parts" model. */
function toParts(messages, withFinishReason) {
  return messages.map((m) => {
    const parts = [];
    if (m.role === 'tool') parts.push({ type: 'tool_call_response', id: m.tool_call_id, response: m.content });
    else if (typeof m.content === 'string' && m.content !== '') parts.push({ type: 'text', content: m.content });
    for (const c of m.tool_calls ?? []) {
      parts.push({ type: 'tool_call', id: c.id, name: c.function.name, arguments: JSON.parse(c.function.arguments) });
    }
    const out = { role: m.role, parts };
    if (withFinishReason) out.finish_reason = m.tool_calls ? 'tool_call' : 'stop';
    return out;
  });
}

const isMessages = (v) => Array.isArray(v) && v.length > 0 && v.every((m) => m && typeof m.role === 'string');

function toOtlpSpan(rec) {
  const a = {};
  const op = OP_NAME[rec.kind];
  if (op) a['gen_ai.operation.name'] = op;
  if (rec.provider) a['gen_ai.provider.name'] = rec.provider;
  if (rec.model) {
    a['gen_ai.request.model'] = rec.model;
    if (rec.status === 'completed') a['gen_ai.response.model'] = rec.model;
  }
  if (rec.kind === 'agent') a['gen_ai.agent.name'] = rec.attributes?.['agent.name'];
  if (rec.kind === 'tool') {
    a['gen_ai.tool.name'] = rec.attributes?.['tool.name'];
    if (rec.attributes?.['tool.call_id']) a['gen_ai.tool.call.id'] = rec.attributes['tool.call_id'];
  }
  if (rec.input_tokens != null) a['gen_ai.usage.input_tokens'] = rec.input_tokens;
  if (rec.output_tokens != null) a['gen_ai.usage.output_tokens'] = rec.output_tokens;
  if (rec.session_id) a['gen_ai.conversation.id'] = rec.session_id;
  if (rec.user_id) a['user.id'] = rec.user_id;
  if (rec.task) a['tracesift.task'] = rec.task;
  if (rec.cost_usd != null) a['tracesift.cost_usd'] = rec.cost_usd;
  if (rec.input != null) {
    if (isMessages(rec.input)) a['gen_ai.input.messages'] = JSON.stringify(toParts(rec.input, false));
    else if (rec.kind === 'tool') a['gen_ai.tool.call.arguments'] = JSON.stringify(rec.input);
    else a['tracesift.input'] = JSON.stringify(rec.input);
  }
  if (rec.output != null) {
    if (isMessages(rec.output)) a['gen_ai.output.messages'] = JSON.stringify(toParts(rec.output, true));
    else if (rec.kind === 'tool') a['gen_ai.tool.call.result'] = JSON.stringify(rec.output);
    else a['tracesift.output'] = JSON.stringify(rec.output);
  }
  if (rec.error) a['error.type'] = rec.error.split(':')[0];
  Object.assign(a, rec.attributes);

  const span = { traceId: rec.trace_id, spanId: rec.span_id };
  if (rec.parent_span_id) span.parentSpanId = rec.parent_span_id;
  span.name = rec.name;
  span.kind = rec.kind === 'llm_call' || rec.kind === 'embedding' ? 3 : 1;
  span.startTimeUnixNano = Date.parse(rec.started_at) + '000000';
  span.endTimeUnixNano = rec.ended_at ? Date.parse(rec.ended_at) + '000000' : '0';
  span.attributes = kv(a);
  if (rec.status === 'failed') span.status = { code: 2, message: rec.error ?? '' };
  else if (rec.status === 'completed') span.status = { code: 1 };
  else span.status = {};
  return span;
}

/** Builds one OTLP/JSON `{resourceSpans}` document from native records, grouped by resource and scope. */
export function toOtlpDocument(recs) {
  const resources = new Map();
  for (const rec of recs) {
    const service = TASKS[rec.task]?.service ?? 'tracesift-bench';
    const env = rec.environment ?? 'production';
    const rkey = service + '\n' + env;
    let res = resources.get(rkey);
    if (!res) {
      res = {
        resource: kv({ 'service.name': service, 'deployment.environment.name': env }),
        scopes: new Map(),
      };
      resources.set(rkey, res);
    }
    const scopeName =
      (rec.kind === 'llm_call' || rec.kind === 'embedding') && rec.provider
        ? (SCOPE_BY_PROVIDER[rec.provider] ?? 'gen_ai')
        : service;
    let spans = res.scopes.get(scopeName);
    if (!spans) res.scopes.set(scopeName, (spans = []));
    spans.push(toOtlpSpan(rec));
  }
  return {
    resourceSpans: [...resources.values()].map((res) => ({
      resource: { attributes: res.resource },
      scopeSpans: [...res.scopes].map(([name, spans]) => ({ scope: { name, version: '1.0.0' }, spans })),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Command line.

const USAGE = `usage: node bench/generate.mjs --spans N [--seed S] [--format native|otlp] [--out PATH|-]
                               [--days D] [--end ISO] [--target-bytes B]
  --spans N         distinct spans to write (default 1000); native output has ~5% extra running lines
  --seed S          PRNG seed (default 42): the same seed and options give byte-identical output
  --format F        native: docs/FORMAT.md JSONL (default); otlp: OTLP/JSON, 100 spans a line
  --out PATH        output file, or - for stdout (default)
  --days D          started_at spread over the D days before --end (default 30)
  --end ISO         end of that window (default 2025-06-01T00:00:00Z)
  --target-bytes B  mean native line size to aim for (default 1000; about 980 is the minimum)
`;

function parseArgs(argv) {
  const opts = { format: 'native', out: '-' };
  const numeric = { spans: 'spans', days: 'days', 'target-bytes': 'targetBytes' };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    if (!arg.startsWith('--')) throw new Error(`unexpected argument: ${arg}`);
    arg = arg.slice(2);
    let value;
    const eq = arg.indexOf('=');
    if (eq >= 0) [arg, value] = [arg.slice(0, eq), arg.slice(eq + 1)];
    else if (i + 1 < argv.length) value = argv[++i];
    else throw new Error(`--${arg} needs a value`);
    if (arg in numeric) {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw new Error(`--${arg} must be a number, got ${value}`);
      opts[numeric[arg]] = n;
    } else if (arg === 'seed' || arg === 'end' || arg === 'out') opts[arg] = value;
    else if (arg === 'format') {
      if (value !== 'native' && value !== 'otlp') throw new Error(`--format must be native or otlp, got ${value}`);
      opts.format = value;
    } else throw new Error(`unknown option --${arg}`);
  }
  return opts;
}

async function main(argv) {
  const started = process.hrtime.bigint();
  const opts = parseArgs(argv);
  const records = generateSpans(opts); // validates the options before anything is opened
  const first = records.next();
  const out = opts.out === '-' ? process.stdout : fs.createWriteStream(opts.out);
  out.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(0);
    process.stderr.write(`generate: ${e.message}\n`);
    process.exit(1);
  });

  // Lines are joined into chunks of about 2 MB, and each write waits for the stream to drain, so
  // memory stays bounded however many spans are written.
  let chunk = [];
  let chunkChars = 0;
  let lines = 0;
  let bytes = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const text = chunk.join('');
    chunk = [];
    chunkChars = 0;
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  const emit = async (line) => {
    chunk.push(line, '\n');
    chunkChars += line.length + 1;
    lines++;
    if (chunkChars >= CHUNK_CHARS) await flush();
  };

  let spans = 0;
  let batch = [];
  for (let r = first; !r.done; r = records.next()) {
    const rec = r.value;
    if (opts.format === 'native') {
      if (rec.status !== 'running') spans++;
      await emit(toNativeLine(rec));
    } else if (rec.status !== 'running') {
      spans++;
      batch.push(rec);
      if (batch.length === OTLP_BATCH) {
        await emit(JSON.stringify(toOtlpDocument(batch)));
        batch = [];
      }
    }
  }
  if (batch.length > 0) await emit(JSON.stringify(toOtlpDocument(batch)));
  await flush();
  if (out !== process.stdout) await new Promise((resolve) => out.end(resolve));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stderr.write(
    JSON.stringify({ format: opts.format, spans, lines, bytes, seconds: Math.round(seconds * 1000) / 1000 }) + '\n',
  );
}

/** True when this file is the program node was started with (also through a symlink). */
function isEntryPoint() {
  if (!process.argv[1]) return false;
  try {
    return import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`generate: ${e.message}\n${USAGE}`);
    process.exit(2);
  });
}
