//! Money totals that never double-count: a benefit restated by another
//! measure counts once, measures that are not combinable count their best
//! one, and caps shared across measures ("所有财政奖补累计最高…") cut the sum.

use super::eval::{self, Ctx};
use super::{cash, Core, Status};
use crate::pack::Pack;
use crate::profile::Profile;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Totals {
    /// Cash (万元) from eligible measures, after relations and caps.
    pub cash_min: f64,
    pub cash_max: f64,
    /// Measures whose cash is in the total.
    pub counted: Vec<String>,
    /// Cash a firm could still add from undetermined measures (upper bound).
    pub undetermined_cash_max: f64,
    /// Shared caps that cut the total.
    pub caps_applied: Vec<CapApplied>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapApplied {
    pub id: String,
    pub limit_min: f64,
    pub limit_max: f64,
    pub members: Vec<String>,
}

/// `single[i]`: measure i stands on its own (not restated or replaced by another on the date).
pub fn totals(pack: &Pack, cores: &[Core], single: &[bool], profile: &Profile, today: i32) -> Totals {
    let single = |i: usize| single.get(i).copied().unwrap_or(true);
    let mut counted: Vec<usize> = (0..pack.measures.len()).filter(|&i| cores[i].status == Status::Eligible && single(i) && cash(&pack.measures[i], &cores[i]).is_some()).collect();

    // Not combinable: keep the best of each connected group.
    let mut dropped = vec![false; pack.measures.len()];
    let mut is_counted = vec![false; pack.measures.len()];
    for &i in &counted {
        is_counted[i] = true;
    }
    for &i in &counted {
        for &j in &pack.measures[i].relations.not_combinable_with {
            let j = j as usize;
            if is_counted.get(j).copied().unwrap_or(false) && !dropped[i] && !dropped[j] {
                let (a, b) = (cash(&pack.measures[i], &cores[i]).map_or(0.0, |v| v.hi), cash(&pack.measures[j], &cores[j]).map_or(0.0, |v| v.hi));
                if a >= b {
                    dropped[j] = true;
                } else {
                    dropped[i] = true;
                }
            }
        }
    }
    counted.retain(|&i| !dropped[i]);
    for (c, d) in is_counted.iter_mut().zip(&dropped) {
        *c &= !d;
    }

    let mut t = Totals::default();
    // A measure under several caps (a per-agency cap inside an overall cap) is
    // cut by each in turn, innermost (fewest members) first, so nested caps
    // give the same total in any file order; a cut is shared in proportion
    // to the members' amounts.
    let mut amount: Vec<(f64, f64)> = (0..pack.measures.len()).map(|i| cash(&pack.measures[i], &cores[i]).map_or((0.0, 0.0), |v| (v.lo, v.hi))).collect();
    let mut caps: Vec<&crate::pack::SharedCap> = pack.caps.iter().collect();
    caps.sort_by_key(|c| c.measures.len());
    for cap in caps {
        // In measure order, each once: as `counted` lists them.
        let mut members: Vec<usize> = cap.measures.iter().map(|&i| i as usize).filter(|&i| is_counted.get(i).copied().unwrap_or(false)).collect();
        members.sort_unstable();
        members.dedup();
        if members.is_empty() {
            continue;
        }
        let x = Ctx::new(pack, profile, today, None);
        let limit = eval::num(&cap.limit, &x);
        let (lo, hi) = members.iter().fold((0.0, 0.0), |(a, b), &i| (a + amount[i].0, b + amount[i].1));
        if hi > limit.lo {
            t.caps_applied.push(CapApplied { id: cap.id.clone(), limit_min: limit.lo, limit_max: limit.hi, members: members.iter().map(|&i| pack.measures[i].id.clone()).collect() });
        }
        let scale = |sum: f64, lim: f64| {
            if sum > lim && sum > 0.0 {
                lim.max(0.0) / sum
            } else {
                1.0
            }
        };
        let (flo, fhi) = (scale(lo, limit.lo), scale(hi, limit.hi));
        for &i in &members {
            amount[i] = (amount[i].0 * flo, amount[i].1 * fhi);
        }
    }
    for &i in &counted {
        t.cash_min += amount[i].0;
        t.cash_max += amount[i].1;
    }
    t.counted = counted.iter().map(|&i| pack.measures[i].id.clone()).collect();
    t.undetermined_cash_max = (0..pack.measures.len())
        .filter(|&i| cores[i].status == Status::Undetermined && single(i))
        .filter_map(|i| cash(&pack.measures[i], &cores[i]))
        .map(|v| if v.hi.is_finite() { v.hi } else { 0.0 })
        .sum();
    let r = |x: f64| eval::round_to(x, 10000.0);
    t.cash_min = r(t.cash_min);
    t.cash_max = r(t.cash_max);
    t.undetermined_cash_max = r(t.undetermined_cash_max);
    t
}
