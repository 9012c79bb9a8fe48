//! Next questions: the unknown facts that can still change some result,
//! most useful first (how many undetermined measures they could settle, then
//! how much money rides on those measures).

use super::{cash, eval, eval::Ctx, Status};
use crate::pack::Pack;
use crate::profile::Profile;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub fact: String,
    pub section: String,
    /// Undetermined measures whose status this fact could change.
    pub decides: usize,
    /// Measures whose amount it would narrow.
    pub refines: usize,
    /// Upper bound of the cash (万元) riding on the measures it could decide.
    pub money: f64,
}

pub fn next_questions(pack: &Pack, profile: &Profile, today: i32) -> Vec<Question> {
    let blocked = super::blocker_map(pack, profile, today);
    let cores = super::assess_with(pack, profile, today, &blocked);
    let mut decides = vec![0usize; pack.facts.len()];
    let mut refines = vec![0usize; pack.facts.len()];
    let mut money = vec![0f64; pack.facts.len()];
    for (i, m) in pack.measures.iter().enumerate() {
        let x = Ctx::new(pack, profile, today, Some(m));
        let c = &cores[i];
        match c.status {
            Status::Undetermined => {
                let mut miss = Vec::new();
                for cond in &m.conditions {
                    eval::missing_in_cond(cond, &x, &mut miss);
                }
                for &(_, r, _) in blocked.of(i).iter().filter(|(_, _, t)| *t == eval::Tri::Unknown) {
                    let rm = &pack.measures[r];
                    let rx = Ctx::new(pack, profile, today, Some(rm));
                    for cond in &rm.conditions {
                        eval::missing_in_cond(cond, &rx, &mut miss);
                    }
                }
                let at_stake = cash(m, c).map_or(0.0, |v| if v.hi.is_finite() { v.hi } else { 0.0 });
                for f in miss {
                    decides[f as usize] += 1;
                    money[f as usize] += at_stake;
                }
            }
            Status::Eligible | Status::MeetsEntryConditions => {
                if let (Some(a), Some(v)) = (&m.amount, c.amount) {
                    if !v.is_point() {
                        let mut miss = Vec::new();
                        eval::missing_in_num(&a.value, &x, &mut miss);
                        for f in miss {
                            refines[f as usize] += 1;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut out: Vec<Question> = (0..pack.facts.len())
        .filter(|&f| profile.get(f).is_none() && (decides[f] > 0 || refines[f] > 0))
        .map(|f| Question {
            fact: pack.facts[f].name.clone(),
            section: pack.sections.get(pack.facts[f].section as usize).map(|s| s.id.clone()).unwrap_or_default(),
            decides: decides[f],
            refines: refines[f],
            money: eval::round_to(money[f], 10000.0),
        })
        .collect();
    // Stable: ties keep vocabulary order, so the interview does not jump around.
    out.sort_by(|a, b| b.decides.cmp(&a.decides).then(b.money.total_cmp(&a.money)).then(b.refines.cmp(&a.refines)));
    out
}
