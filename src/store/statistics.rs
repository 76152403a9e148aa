//! The statistics read from the store: the orders' statistics rows of one snapshot, with the
//! names the rows do not carry (a task's campaign, a person's name). A screen keeps what it
//! read and brings it up to date from the audit trail: only the rows of the orders written
//! since are read again, so opening the statistics a second time costs a regrouping, not a
//! read of every order.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{Result, Store};
use crate::model::fact::OrderFact;
use crate::model::task::SupervisionTask;
use crate::model::User;
use crate::stats::table::{table, By, Names, Period, Table};

/// The rows and the names, read once; a screen keeps this and regroups without the store.
#[derive(Debug, Clone, Default)]
pub struct StatsSource {
    /// The store's change stamp (audit sequence) these rows are as of.
    pub stamp: u64,
    /// One row per order, in order-number order.
    pub facts: Vec<OrderFact>,
    pub campaign_of_task: HashMap<String, String>,
    pub people: HashMap<String, String>,
    /// Site names by code.
    pub sites: HashMap<String, String>,
}

impl StatsSource {
    /// The table grouped `by` over `period`.
    pub fn table(&self, by: By, period: Period, today: NaiveDate) -> Table {
        let names = Names {
            campaign_of_task: &self.campaign_of_task,
            area: &crate::stats::area_label,
            person: &|login| self.people.get(login).cloned(),
            site: &|code| self.sites.get(code).cloned(),
        };
        table(&self.facts, by, period, &names, today)
    }
}

/// Past this many audit entries since the rows were read, reading them all again is quicker.
const MAX_PATCH: usize = 5_000;

impl Store {
    /// Everything the statistics need, from one snapshot.
    pub fn stats_source(&self) -> Result<StatsSource> {
        let snap = self.snapshot()?;
        let mut src = StatsSource {
            stamp: stamp(&snap)?,
            facts: snap.read_all(super::ORDER_FACTS, "统计记录")?,
            ..StatsSource::default()
        };
        read_names(&snap, &mut src)?;
        Ok(src)
    }

    /// Bring rows read earlier up to date: the rows of the orders named in the audit trail
    /// since they were read are read again (an order is never deleted), the names re-read.
    pub fn refresh_stats(&self, src: &mut StatsSource) -> Result<()> {
        let snap = self.snapshot()?;
        let now = stamp(&snap)?;
        if now == src.stamp {
            return Ok(());
        }
        let entries = snap.audit_since(src.stamp)?;
        if entries.len() > MAX_PATCH {
            *src = self.stats_source()?;
            return Ok(());
        }
        let mut numbers: Vec<&str> = entries.iter().map(|e| e.target.as_str()).collect();
        numbers.sort_unstable();
        numbers.dedup();
        for n in numbers {
            let Some(fact) = snap.read::<OrderFact>(super::ORDER_FACTS, n, "统计记录")? else {
                continue;
            };
            match src.facts.binary_search_by(|f| f.number.as_str().cmp(n)) {
                Ok(i) => src.facts[i] = fact,
                Err(i) => src.facts.insert(i, fact),
            }
        }
        read_names(&snap, src)?;
        src.stamp = now;
        Ok(())
    }
}

fn stamp(snap: &super::snapshot::Snapshot) -> Result<u64> {
    Ok(snap
        .meta::<(u64, String)>(super::tx::HEAD)?
        .map_or(0, |(s, _)| s))
}

/// The names the rows do not carry: tasks and users are few, so they are read whole.
fn read_names(snap: &super::snapshot::Snapshot, src: &mut StatsSource) -> Result<()> {
    let tasks: Vec<SupervisionTask> = snap.read_all(super::tasks::TASKS, "抽查任务")?;
    let users: Vec<User> = snap.read_all(super::USERS, "用户")?;
    src.campaign_of_task = tasks.into_iter().map(|t| (t.number, t.campaign)).collect();
    src.people = users
        .into_iter()
        .map(|u| (u.login, u.display_name))
        .collect();
    let lab: Option<crate::model::Lab> = snap.meta("lab")?;
    src.sites = lab
        .map(|l| l.sites.into_iter().map(|s| (s.code, s.name)).collect())
        .unwrap_or_default();
    Ok(())
}
