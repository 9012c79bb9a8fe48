//! Relations between measures that contradict each other, judged by how the
//! engine uses them (`engine::replacements`, `engine::totals`):
//! - `implements` and `supersedes` make one measure stand in for another
//!   (the other is then never counted on its own). A cycle of them (A
//!   implements B, B supersedes A) leaves every member standing in for
//!   another, so none is counted: an error. So is a measure naming itself in
//!   any relation (it would replace, bar or exclude itself).
//! - `not_combinable_with` is read both ways by the totals (the larger of the
//!   two counts), so listing it on one side only is fine; listing it between
//!   two measures one of which already stands in for the other says nothing
//!   more: a warning.
//! - `blocks` naming another restriction: a restriction has no benefit to
//!   bar, so this is a warning.

use super::{Finding, Severity};
use crate::compile::MeasureLines;
use crate::pack::{BenefitKind, Pack};

pub fn relation_problems(pack: &Pack, lines: &[MeasureLines]) -> Vec<Finding> {
    let n = pack.measures.len();
    let at = |i: usize| lines.get(i).map_or((String::new(), pack.measures[i].line), |l| (l.file.clone(), l.relations));
    let find = |severity, i: usize, message: String| {
        let (file, line) = at(i);
        Finding { severity, file, line, measure: pack.measures[i].id.clone(), message }
    };
    let id = |i: usize| pack.measures[i].id.as_str();
    let mut out = Vec::new();
    // Stand-in edges: i → t when i implements or supersedes t.
    let mut stands_in: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, m) in pack.measures.iter().enumerate() {
        let r = &m.relations;
        for (name, list) in [("implements", &r.implements), ("supersedes", &r.supersedes), ("not_combinable_with", &r.not_combinable_with), ("blocks", &r.blocks)] {
            if list.contains(&(i as u16)) {
                out.push(find(Severity::Error, i, format!("`{name}` names the measure itself")));
            }
        }
        stands_in[i] = r.implements.iter().chain(&r.supersedes).map(|t| *t as usize).filter(|t| *t != i && *t < n).collect();
        for &t in &r.blocks {
            if t as usize != i && pack.measures.get(t as usize).is_some_and(|b| b.kind == BenefitKind::Restriction) {
                out.push(find(Severity::Warning, i, format!("`blocks` names `{}`, another restriction: it has no benefit to bar", id(t as usize))));
            }
        }
    }
    for (i, m) in pack.measures.iter().enumerate() {
        for &t in &m.relations.not_combinable_with {
            let t = t as usize;
            if t != i && t < n && (stands_in[i].contains(&t) || stands_in[t].contains(&i)) {
                out.push(find(Severity::Warning, i, format!("`not_combinable_with` `{}` while one of the two implements or supersedes the other: it adds nothing", id(t))));
            }
        }
    }
    for cycle in cycles(&stands_in) {
        let names: Vec<&str> = cycle.iter().map(|&i| id(i)).collect();
        out.push(find(Severity::Error, cycle[0], format!("`implements`/`supersedes` form a cycle among {}: each would stand in for another and none would count", names.join(", "))));
    }
    out
}

/// The measures of each cycle: strongly connected groups of more than one
/// measure (Tarjan), each in pack order.
fn cycles(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    struct T<'a> {
        edges: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        stack: Vec<usize>,
        on: Vec<bool>,
        next: usize,
        groups: Vec<Vec<usize>>,
    }
    // Iterative, so a long chain cannot overflow the stack.
    fn visit(t: &mut T, root: usize) {
        let mut work = vec![(root, 0usize)];
        while let Some(&(v, k)) = work.last() {
            if k == 0 && t.index[v].is_none() {
                t.index[v] = Some(t.next);
                t.low[v] = t.next;
                t.next += 1;
                t.stack.push(v);
                t.on[v] = true;
            }
            if let Some(&w) = t.edges[v].get(k) {
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                match t.index[w] {
                    None => work.push((w, 0)),
                    Some(iw) if t.on[w] => t.low[v] = t.low[v].min(iw),
                    _ => {}
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                t.low[parent] = t.low[parent].min(t.low[v]);
            }
            if Some(t.low[v]) == t.index[v] {
                let mut group = Vec::new();
                while let Some(w) = t.stack.pop() {
                    t.on[w] = false;
                    group.push(w);
                    if w == v {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort_unstable();
                    t.groups.push(group);
                }
            }
        }
    }
    let n = edges.len();
    let mut t = T { edges, index: vec![None; n], low: vec![0; n], stack: Vec::new(), on: vec![false; n], next: 0, groups: Vec::new() };
    for v in 0..n {
        if t.index[v].is_none() {
            visit(&mut t, v);
        }
    }
    t.groups.sort();
    t.groups
}
