// Generated firms for the benchmarks, from the facts export (`facts()` of the
// JS API): every value is one the fact accepts, magnitudes follow the unit
// (revenue in 万元 spans 10 to 300 000, headcounts 3 to 3 000, growth rates
// −30 % to 60 %), so conditions split firms as real answers would.
// Deterministic: the same seed gives the same firms.

/** mulberry32: a small deterministic PRNG returning [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86400000;
const logUniform = (r, lo, hi) => Math.pow(10, lo + r() * (hi - lo));

/** A plausible number for a fact, inside its declared range. */
function number(f, r) {
  let v;
  switch (f.unit) {
    case '万元': v = r() < 0.1 ? 0 : logUniform(r, 1, 5.5); break;
    case '%': v = -30 + r() * 90; break;
    case '人': v = Math.round(logUniform(r, 0.5, 3.5)); break;
    case '个': v = Math.floor(r() * r() * 20); break;
    case '年': v = Math.floor(r() * 30); break;
    case '个月': v = Math.floor(r() * 36); break;
    case '分': v = r() * 100; break;
    case '千瓦': v = logUniform(r, 1, 4); break;
    case '平方米': v = logUniform(r, 2, 5); break;
    default: v = r() * 100;
  }
  const lo = f.min ?? -Infinity;
  const hi = f.max ?? Infinity;
  v = Math.min(hi, Math.max(lo, v));
  return f.integer ? Math.round(v) : Math.round(v * 100) / 100;
}

/** A value for one fact, as the JS API takes it. */
export function value(f, r) {
  switch (f.type) {
    case 'bool': return r() < 0.5;
    case 'number': return number(f, r);
    case 'enum': return f.values[Math.floor(r() * f.values.length)].id;
    case 'set': return f.values.filter(() => r() < 0.25).map((v) => v.id);
    case 'date': return new Date(Date.UTC(1990, 0, 1) + Math.floor(r() * 11860) * DAY).toISOString().slice(0, 10);
    default: throw new Error(`unknown fact type ${f.type} for ${f.name}`);
  }
}

/**
 * `n` profiles: `complete` ones answer every fact; partial ones answer a
 * random 5–70 % (a firm part-way through the interview). Each partial profile
 * comes with `next`: one more answer, for timing a re-evaluation.
 */
export function profiles(facts, n, { seed = 1, complete = false } = {}) {
  const r = rng(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    const share = complete ? 1 : 0.05 + r() * 0.65;
    const profile = {};
    const unknown = [];
    for (const f of facts) {
      if (r() < share) profile[f.name] = value(f, r);
      else unknown.push(f);
    }
    const pick = unknown.length ? unknown[Math.floor(r() * unknown.length)] : null;
    out.push({ profile, next: pick ? [pick.name, value(pick, r)] : null });
  }
  return out;
}

/** A CSV cell for a value, as an officer's spreadsheet holds it. */
export function cell(v) {
  if (v === undefined || v === null) return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.join(';');
  const s = String(v);
  return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
