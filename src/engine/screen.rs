//! What the live screen needs after each answer, and nothing more: status,
//! amount, the facts still missing, restrictions and replacements of every
//! measure, and the totals. Titles, citations and notes are read from the
//! pack where shown (never copied), and the words of a failed condition are
//! built only for a card whose list is open (`failed`). This is the app's
//! per-answer work; `evaluate` stays the full contract of the JS API and CLI,
//! and agrees with it field by field (tests/screen.rs).

use super::eval::{self, Ctx, Iv, Tri};
use super::{assess_with, blocker_map, replacements, totals, Replaced, Status};
use crate::pack::Pack;
use crate::profile::Profile;

#[derive(Debug, Clone, PartialEq)]
pub struct Screen {
    /// One per measure, in pack order (index = measure index).
    pub results: Vec<Brief>,
    pub totals: totals::Totals,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    pub status: Status,
    /// Rounded as in `evaluate`; `None` when not eligible or not stated.
    pub amount: Option<Iv>,
    /// Unknown facts that could change the status (fact indices, sorted).
    pub missing: Vec<u16>,
    /// Restrictions that bar this measure, applying or possibly applying.
    pub blocked_by: Vec<u16>,
    /// Shown under another measure instead of on its own.
    pub replaced: Option<Replaced>,
}

impl Brief {
    /// Stands on its own on the date (not restated or superseded).
    pub fn single(&self) -> bool {
        self.replaced.is_none()
    }
}

/// Every measure's brief and the totals: `evaluate_summary` without strings.
pub fn screen(pack: &Pack, profile: &Profile, today: i32) -> Screen {
    let blocked = blocker_map(pack, profile, today);
    let cores = assess_with(pack, profile, today, &blocked);
    let replaced = replacements(pack, today);
    let results: Vec<Brief> = pack
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let core = &cores[i];
            let x = Ctx::new(pack, profile, today, Some(m));
            let restrictions = blocked.of(i);
            let mut missing = Vec::new();
            let mut blocked_by = Vec::new();
            if core.cond != Tri::False {
                for c in &m.conditions {
                    eval::missing_in_cond(c, &x, &mut missing);
                }
            }
            for &(_, r, applies) in restrictions {
                if applies != Tri::False {
                    blocked_by.push(r as u16);
                    if core.cond != Tri::False {
                        let rm = &pack.measures[r];
                        for c in &rm.conditions {
                            eval::missing_in_cond(c, &Ctx::new(pack, profile, today, Some(rm)), &mut missing);
                        }
                    }
                }
            }
            missing.sort_unstable();
            Brief { status: core.status, amount: core.amount, missing, blocked_by, replaced: replaced[i] }
        })
        .collect();
    let single: Vec<bool> = results.iter().map(Brief::single).collect();
    let totals = totals::totals(pack, &cores, &single, profile, today);
    Screen { results, totals }
}

/// What a not-eligible card says, built when it is shown: the failed
/// conditions and applying restrictions with their gaps, and whether that
/// one condition is all that stands in the way (every other one met, no
/// restriction possibly applying): `only_one_gap` of `evaluate`.
pub fn failed(pack: &Pack, profile: &Profile, today: i32, ix: usize) -> (Vec<super::trace::TraceNode>, bool) {
    let blocked = blocker_map(pack, profile, today);
    let restrictions = blocked.of(ix);
    let Some(m) = pack.measures.get(ix) else { return (Vec::new(), false) };
    let x = Ctx::new(pack, profile, today, Some(m));
    let only_one_gap = restrictions.iter().all(|(_, _, t)| *t == Tri::False) && {
        let mut falses = 0;
        // Stops at a second failure or an unknown: either settles it.
        m.conditions.iter().all(|c| match eval::cond(c, &x) {
            Tri::False => {
                falses += 1;
                falses == 1
            }
            Tri::Unknown => false,
            Tri::True => true,
        }) && falses == 1
    };
    (super::failed_of(pack, profile, today, ix, restrictions), only_one_gap)
}
