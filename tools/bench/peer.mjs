// The rule pack translated to json-rules-engine (npm), the peer the issue
// compares against. json-rules-engine has no unknowns and no arithmetic, so:
//
// - Only complete profiles are compared (every fact answered).
// - Arithmetic is precomputed in JS for each firm ("derived facts"): every
//   numeric side of a comparison that is not a plain fact or a constant
//   (growth rates, sums, min/max, tiers, scores, years since a date) becomes a
//   fact `n<k>`, computed by `derive()` with the engine's own rules (values
//   snapped to 9 decimals, as `eval.rs` does before comparing). That work is
//   counted in the peer's time.
// - Conditions map one to one: all/any/not → all/any/not; a yes/no fact →
//   `equal true`; ≥ > ≤ < = ≠ → greaterThanInclusive … notEqual, the right
//   side a constant or `{ fact }`; one-of → `in`; a set holding values → any/all
//   of `contains`; dates compare as day numbers.
// - An `unclear` condition (text the rules mark as undecidable) has no
//   equivalent; it becomes the fact `__unclear` = false. Our engine leaves such
//   measures undetermined; the agreement check compares only pairs our engine
//   decides, and a decided Kleene value does not depend on an unknown leaf.
// - Validity (expired / not yet in force) depends only on the date, so it is
//   resolved at translation time; a restriction in force that blocks a measure
//   becomes `not: any[restriction's conditions]` in that measure's rule.
//
// The peer's status of a measure: its rule fires → eligible (or the validity /
// ranked status), else not_eligible.
import { Engine } from 'json-rules-engine';

const OPS = { Ge: 'greaterThanInclusive', Gt: 'greaterThan', Le: 'lessThanInclusive', Lt: 'lessThan', Eq: 'equal', Ne: 'notEqual' };

// Dates as days since 1970-01-01 (the engine's representation).
const days = (s) => Math.round(Date.parse(`${s}T00:00:00Z`) / 86400000);
const civil = (d) => { const t = new Date(d * 86400000); return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()]; };
const daysFrom = (y, m, d) => Math.round(Date.UTC(y, m - 1, d) / 86400000);
const daysInMonth = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
function wholeYears(from, to) {
  const [fy, fm, fd] = civil(from);
  const [ty, tm, td] = civil(to);
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}
// Same as `years_between` in eval.rs: completed years plus the elapsed share of the current one.
function yearsBetween(from, to) {
  const y = wholeYears(from, to);
  const [fy, fm, fd] = civil(from);
  const ann = (n) => daysFrom(fy + n, fm, Math.min(fd, daysInMonth(fy + n, fm)));
  const a = ann(y), b = ann(y + 1);
  return b === a ? y : y + (to - a) / (b - a);
}
const snap = (x) => (Number.isFinite(x) && Math.abs(x) < 1e9 ? Math.round(x * 1e9) / 1e9 : x);

/** Translate the pack (JSON of `eligibility pack`) into rules and a per-firm fact deriver. */
export function translate(pack, date) {
  const today = days(date);
  const facts = pack.facts;
  const name = (f) => facts[f].name;
  const kind = (f) => (typeof facts[f].kind === 'string' ? facts[f].kind : Object.keys(facts[f].kind)[0]);
  const enumIds = (f) => Object.values(facts[f].kind)[0].values.map((v) => v.id);
  const derivers = []; // [factName, (firm) => number]

  // Point evaluation of a Num / Cond on a complete firm (values as the JS API takes them).
  const num = (n, m, x) => {
    if (n === 'Today') return today;
    const [k, a] = Object.entries(n)[0];
    switch (k) {
      case 'Const': return a ?? Infinity;
      case 'Fact': return kind(a) === 'Date' ? days(x[name(a)]) : x[name(a)];
      case 'Derived': return num(pack.derived[a].expr, m, x);
      case 'Add': return num(a[0], m, x) + num(a[1], m, x);
      case 'Sub': return num(a[0], m, x) - num(a[1], m, x);
      case 'Mul': { const p = num(a[0], m, x), q = num(a[1], m, x); return p === 0 || q === 0 ? 0 : p * q; }
      case 'Div': { const q = num(a[1], m, x); return q === 0 ? NaN : num(a[0], m, x) / q; }
      case 'Min': return Math.min(...a.map((v) => num(v, m, x)));
      case 'Max': return Math.max(...a.map((v) => num(v, m, x)));
      case 'UpTo': return num(a, m, x);
      case 'Count': return x[name(a)].length;
      case 'YearsSince': return yearsBetween(days(x[name(a)]), today);
      case 'Score': return m.score.filter((s) => a === null || s.group === a).reduce((t, s) => t + num(s.points, m, x), 0);
      case 'Tiers': { const t = a.find(([c]) => cond(c, m, x)); return t ? num(t[1], m, x) : 0; }
      case 'If': return cond(a[0], m, x) ? num(a[1], m, x) : num(a[2], m, x);
      default: throw new Error(`unknown Num ${k}`);
    }
  };
  const cmp = { Ge: (p, q) => p >= q, Gt: (p, q) => p > q, Le: (p, q) => p <= q, Lt: (p, q) => p < q, Eq: (p, q) => p === q, Ne: (p, q) => p !== q };
  const cond = (c, m, x) => {
    const [k, a] = Object.entries(c)[0];
    switch (k) {
      case 'Const': return a;
      case 'Unclear': return false;
      case 'Fact': return x[name(a)] === true;
      case 'Not': return !cond(a, m, x);
      case 'All': return a.every((v) => cond(v, m, x));
      case 'Any': return a.some((v) => cond(v, m, x));
      case 'Cmp': return cmp[a[0]](snap(num(a[1], m, x)), snap(num(a[2], m, x)));
      case 'OneOf': { const ids = enumIds(a[0]); return a[1].some((v) => ids[v] === x[name(a[0])]); }
      case 'Has': { const ids = enumIds(a.fact); const held = (v) => x[name(a.fact)].includes(ids[v]); return a.all ? a.values.every(held) : a.values.some(held); }
      default: throw new Error(`unknown Cond ${k}`);
    }
  };

  // A comparison operand: a plain fact, a constant, or a derived fact.
  const operand = (n, m) => {
    if (n !== 'Today' && 'Fact' in n) return { fact: kind(n.Fact) === 'Date' ? `${name(n.Fact)}__days` : name(n.Fact) };
    if (n !== 'Today' && 'Const' in n) return { value: snap(n.Const ?? Infinity) };
    const id = `n${derivers.length}`;
    derivers.push([id, (x) => snap(num(n, m, x))]);
    return { fact: id };
  };
  const rule = (c, m) => {
    const [k, a] = Object.entries(c)[0];
    switch (k) {
      case 'Const': return { fact: '__true', operator: 'equal', value: a };
      case 'Unclear': return { fact: '__unclear', operator: 'equal', value: true };
      case 'Fact': return { fact: name(a), operator: 'equal', value: true };
      case 'Not': return { not: rule(a, m) };
      case 'All': return { all: a.map((v) => rule(v, m)) };
      case 'Any': return { any: a.map((v) => rule(v, m)) };
      case 'Cmp': {
        const l = operand(a[1], m), r = operand(a[2], m);
        const left = l.fact ?? (() => { const id = `n${derivers.length}`; derivers.push([id, () => l.value]); return id; })();
        return { fact: left, operator: OPS[a[0]], value: r.fact ? { fact: r.fact } : r.value };
      }
      case 'OneOf': { const ids = enumIds(a[0]); return { fact: name(a[0]), operator: 'in', value: a[1].map((v) => ids[v]) }; }
      case 'Has': { const ids = enumIds(a.fact); return { [a.all ? 'all' : 'any']: a.values.map((v) => ({ fact: name(a.fact), operator: 'contains', value: ids[v] })) }; }
      default: throw new Error(`unknown Cond ${k}`);
    }
  };

  const validity = (m) => (m.validity.until != null && today > m.validity.until ? 'expired' : m.validity.from != null && today < m.validity.from ? 'not_yet_in_force' : null);
  // Restrictions in force, and which measures each blocks.
  const blockers = pack.measures.map(() => []);
  pack.measures.forEach((m, r) => {
    if (m.kind === 'Restriction' && validity(m) === null) for (const b of m.relations.blocks) blockers[b].push(r);
  });
  const rules = pack.measures.map((m, i) => {
    const own = m.conditions.map((c) => rule(c, m));
    const barred = blockers[i].map((r) => ({ all: pack.measures[r].conditions.map((c) => rule(c, pack.measures[r])) }));
    return { name: m.id, conditions: { all: barred.length ? [...own, { not: { any: barred } }] : own }, event: { type: m.id, params: { i } } };
  });
  const statusIfFires = pack.measures.map((m) => validity(m) ?? (m.ranked ? 'meets_entry_conditions' : 'eligible'));
  const dateFacts = facts.filter((f) => f.kind === 'Date').map((f) => f.name);

  /** The facts json-rules-engine sees for one complete firm: its answers plus the precomputed arithmetic. */
  function derive(firm) {
    const x = { ...firm, __true: true, __unclear: false };
    for (const d of dateFacts) x[`${d}__days`] = days(firm[d]);
    for (const [id, f] of derivers) x[id] = f(firm);
    return x;
  }
  return { rules, derive, statusIfFires, derived: derivers.length };
}

/** An engine holding every rule once (rules are parsed once, then run per firm). */
export function engineOf(rules) {
  const engine = new Engine([], { allowUndefinedFacts: false });
  for (const r of rules) engine.addRule(r);
  return engine;
}

/** Statuses of every measure for one firm, by the peer. */
export async function peerStatuses(engine, t, firm) {
  const { results } = await engine.run(t.derive(firm));
  const out = new Array(t.statusIfFires.length).fill('not_eligible');
  for (const r of results) out[r.event.params.i] = t.statusIfFires[r.event.params.i];
  return out;
}
