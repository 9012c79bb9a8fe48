// Type-checks the package's declarations (tsc --noEmit): the functions return
// the declared plain-object shapes, not `any`.
import init, { evaluate, measures, facts, nextQuestions, rulesVersion } from '../../npm/pkg/anyang_policy.js';
import type { Evaluation, MeasureResult, Status, MeasureInfo, FactInfo, Question } from '../../npm/pkg/anyang_policy.js';

export async function main(): Promise<string[]> {
  await init();
  const e: Evaluation = evaluate({ rd_expense_last_year: 1200, above_scale: true, titles: ['a'], founded: null }, { date: '2022-07-01' });
  const r: MeasureResult = e.results[0];
  const s: Status = r.status;
  const max: number | undefined = r.amount?.max;
  const quote: string = r.source.quote;
  const cash: number = e.totals.cash_min;
  const m: MeasureInfo[] = measures();
  const f: FactInfo[] = facts();
  const q: Question[] = nextQuestions({}, {});
  const noOptions: Evaluation = evaluate({});
  const [version, asOf]: [string, string] = rulesVersion();
  // Each line below must be a type error: were anything `any`, tsc would
  // report the directive as unused and fail.
  // @ts-expect-error status is a union of status names
  const wrongStatus: number = r.status;
  // @ts-expect-error no such field
  r.no_such_field;
  // @ts-expect-error amount may be null
  r.amount.min;
  // @ts-expect-error a fact value is not an object
  evaluate({ rd_expense_last_year: { value: 1 } });
  // @ts-expect-error options.date is a string
  evaluate({}, { date: 20220701 });
  // @ts-expect-error facts() is not a Map
  facts().get('x');
  return [s, String(max), quote, String(cash), m[0].id, f[0].type, q[0]?.fact, noOptions.date, version, asOf, String(wrongStatus)];
}
