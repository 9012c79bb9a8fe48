/** A firm's answers: fact name → value (`facts()` lists the names). Money in 万元,
 * percentages as percent numbers (12 = 12%), dates `YYYY-MM-DD`, enum values by id,
 * several values as an array; an absent fact or `null` is unknown. */
export type Profile = Record<string, boolean | number | string | string[] | null>;

export interface EvaluateOptions {
  /** Assessment date `YYYY-MM-DD`; today (China Standard Time) when absent. */
  date?: string;
}

export type Status = "eligible" | "meets_entry_conditions" | "undetermined" | "not_eligible" | "expired" | "not_yet_in_force";
export type Level = "national" | "provincial" | "municipal";
export type Kind = "subsidy" | "reward" | "tax_cut" | "fee_cut" | "loan" | "guarantee" | "interest_subsidy" | "deferral" | "procurement_preference" | "title" | "service" | "rent_relief" | "restriction";
/** Only `cash` adds into totals. */
export type Nature = "cash" | "credit" | "percent" | "months";

export interface Evaluation {
  /** The assessment date, `YYYY-MM-DD`. */
  date: string;
  rules_version: string;
  sources_as_of: string;
  results: MeasureResult[];
  totals: Totals;
}

export interface MeasureResult {
  id: string;
  title_zh: string;
  title_en: string;
  status: Status;
  kind: Kind;
  level: Level;
  /** null when the measure states no amount or the firm is not eligible. */
  amount: Amount | null;
  source: Source;
  validity: Validity;
  apply: Apply;
  /** Every condition in words, with its value. */
  trace: TraceNode[];
  /** For a measure that is not eligible: the conditions that failed, with their gaps. */
  failed: TraceNode[];
  /** Not eligible because of exactly one condition while every other one holds. */
  only_one_gap: boolean;
  /** Unknown facts that could change the status. */
  missing: string[];
  /** Unknown facts that would narrow the amount. */
  refines_amount: string[];
  /** Restrictions that bar (or may bar) this measure. */
  blocked_by: string[];
  /** Restated by this measure: count that one instead. */
  counted_under: string | null;
  superseded_by: string | null;
  not_combinable_with: string[];
  score: Score | null;
  notes: string[];
}

export interface Amount {
  min: number;
  /** `Infinity` when the rule sets no upper bound. */
  max: number;
  /** "万元", "%" or "个月". */
  unit: string;
  nature: Nature;
  /** The formula or tiers as written in the rule. */
  formula: string;
}

export interface Source {
  /** Document number, e.g. "安政〔2021〕17号". */
  doc: string;
  title: string;
  clause: string;
  /** The verbatim quote the measure rests on. */
  quote: string;
  issuer: string;
  seed: string;
}

export interface Validity {
  from: string | null;
  until: string | null;
  text: string;
}

export interface Apply {
  department: string;
  channel: string;
  window: string;
  window_from: string | null;
  window_until: string | null;
}

export interface TraceNode {
  zh: string;
  en: string;
  /** The rule text it came from, for top-level conditions. */
  rule: string | null;
  value: "true" | "false" | "unknown";
  facts: string[];
  /** How far off a failed comparison on known numbers is. */
  gap: Gap | null;
  children: TraceNode[];
}

export interface Gap {
  zh: string;
  en: string;
  actual: number;
  required: number;
  op: string;
  unit: string;
  difference: number;
}

export interface Score {
  min: number;
  max: number;
  items: ScoreItem[];
}

export interface ScoreItem {
  label: string;
  group: string;
  min: number;
  max: number;
  missing: string[];
}

export interface Totals {
  /** Cash (万元) from eligible measures, nothing counted twice, shared caps applied. */
  cash_min: number;
  cash_max: number;
  /** Measures whose cash is in the total. */
  counted: string[];
  /** Cash undetermined measures could still add (upper bound). */
  undetermined_cash_max: number;
  caps_applied: CapApplied[];
}

export interface CapApplied {
  id: string;
  limit_min: number;
  limit_max: number;
  members: string[];
}

export interface MeasureInfo {
  id: string;
  title_zh: string;
  title_en: string;
  doc: string;
  doc_title: string;
  clause: string;
  quote: string;
  issuer: string;
  level: Level;
  kind: Kind;
  kind_zh: string;
  target: string;
  tags: string[];
  conditions: string[];
  amount_formula: string | null;
  amount_nature: Nature | null;
  valid_from: string | null;
  valid_until: string | null;
  validity_text: string;
  department: string;
  channel: string;
  window: string;
  ranked: boolean;
  notes: string[];
}

export interface FactInfo {
  name: string;
  type: "bool" | "number" | "enum" | "set" | "date";
  /** For numbers: "万元", "%", "人", "个", "年", "个月", "分". */
  unit: string | null;
  min: number | null;
  max: number | null;
  integer: boolean;
  /** For enums and sets: the allowed values. */
  values: FactValue[];
  zh: string;
  en: string;
  help_zh: string;
  help_en: string;
  section: string;
  section_zh: string;
}

export interface FactValue {
  id: string;
  zh: string;
  en: string;
}

export interface Question {
  fact: string;
  section: string;
  /** Undetermined measures whose status this fact could change. */
  decides: number;
  /** Measures whose amount it would narrow. */
  refines: number;
  /** Upper bound of the cash (万元) riding on the measures it could decide. */
  money: number;
}

/** [rules version, the sources' "as of" date]. */
export type RulesVersion = [version: string, sourcesAsOf: string];

/** `assess`: status and amount of every measure, as parallel arrays in the order of `measures()`. */
export interface Assessment {
  date: string;
  rules_version: string;
  status: Status[];
  /** Lower and upper amount bounds; null where a measure has no amount or is not eligible. */
  min: (number | null)[];
  max: (number | null)[];
}
