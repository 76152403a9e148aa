//! The order lists' indexes, kept by the store with every order it writes, so a screen over a
//! million orders reads the page it shows and the counts it prints, never every row.
//!
//! `order_keys` holds one empty row per (order, ordering): the key alone orders the orders by
//! status, due date or client, overall and within a status, and lists the orders of one
//! sample name, standard, retained day or inspection type. `order_counts` holds how many
//! orders there are per site and status, per due day of the open statuses (for "overdue"),
//! per standard and status (a signatory's queues) and per client, sample name and standard
//! (the filter's dictionary).
//!
//! Both are derived from the bound list rows (`order_index`): they are rewritten, not bound,
//! and `audit verify` rebuilds them in memory and compares.

use std::collections::BTreeMap;

use super::codec::decode;
use super::engine::{ReadTxn, Table};
use super::{Result, StoreError, Tx, ORDER_INDEX};
use crate::inspection::InspectionType;
use crate::model::{OrderStatus, OrderSummary};

pub(crate) const ORDER_KEYS: Table = Table::new("order_keys");
pub(crate) const ORDER_COUNTS: Table = Table::new("order_counts");

/// Separates a key's parts: below every character a text field may hold (they refuse
/// control characters), so `客户␟…` sorts before `客户甲␟…` as the name alone would.
pub(crate) const SEP: char = '\u{1f}';

/// The status as one digit, in workflow order (keys sort as the statuses do).
pub(crate) fn status_code(s: OrderStatus) -> char {
    let i = OrderStatus::ALL.iter().position(|x| *x == s).unwrap_or(0);
    char::from(b'0' + i as u8)
}

pub(crate) fn status_of(code: char) -> Option<OrderStatus> {
    let i = (code as u32).checked_sub(u32::from(b'0'))?;
    OrderStatus::ALL.get(i as usize).copied()
}

/// The dictionary fields a filter matches besides the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Field {
    Client,
    Sample,
    Standard,
}

impl Field {
    pub(crate) const ALL: [Field; 3] = [Field::Client, Field::Sample, Field::Standard];

    pub(crate) fn from_code(code: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| code.len() == 1 && code.starts_with(f.code()))
    }

    pub(crate) fn code(self) -> char {
        match self {
            Field::Client => 'c',
            Field::Sample => 'm',
            Field::Standard => 't',
        }
    }

    pub(crate) fn of(self, s: &OrderSummary) -> &str {
        match self {
            Field::Client => &s.client,
            Field::Sample => &s.sample,
            Field::Standard => &s.standard,
        }
    }

    /// The prefix of the keys listing the orders with one value of this field, in number
    /// order (client rows are the client ordering's rows).
    pub(crate) fn postings(self, value: &str) -> String {
        format!("{}{SEP}{value}{SEP}", self.code())
    }
}

/// The due date as keys write it (ISO: sorts as the dates do).
pub(crate) fn due(s: &OrderSummary) -> String {
    s.due.format("%Y-%m-%d").to_string()
}

/// The index rows of one list row.
pub(crate) fn list_keys(s: &OrderSummary) -> Vec<String> {
    let (n, st, due) = (&s.number, status_code(s.status), due(s));
    let mut keys = vec![
        format!("s{SEP}{st}{SEP}{n}"),
        format!("d{SEP}{due}{SEP}{n}"),
        format!("c{SEP}{}{SEP}{n}", s.client),
        format!("D{SEP}{st}{SEP}{due}{SEP}{n}"),
        format!("C{SEP}{st}{SEP}{}{SEP}{n}", s.client),
        format!("m{SEP}{}{SEP}{n}", s.sample),
        format!("t{SEP}{}{SEP}{n}", s.standard),
    ];
    if let Some(r) = s.retained_on {
        keys.push(format!("r{SEP}{}{SEP}{n}", r.format("%Y-%m-%d")));
    }
    if s.inspection_type != InspectionType::Commissioned {
        keys.push(format!("i{SEP}{}{SEP}{n}", s.inspection_type.key()));
    }
    keys
}

/// The counts one list row adds to.
pub(crate) fn count_keys(s: &OrderSummary) -> Vec<String> {
    let site = s.site.as_deref().unwrap_or("");
    let st = status_code(s.status);
    let mut keys = vec![
        format!("n{SEP}{site}{SEP}{st}"),
        format!("g{SEP}{site}{SEP}{st}{SEP}{}", s.standard),
    ];
    if s.status < OrderStatus::Approved {
        keys.push(format!("o{SEP}{site}{SEP}{st}{SEP}{}", due(s)));
    }
    for f in Field::ALL {
        keys.push(format!("f{SEP}{}{SEP}{}", f.code(), f.of(s)));
    }
    keys
}

pub(crate) fn decode_count(v: &[u8], key: &str) -> Result<u64> {
    let bytes: [u8; 8] = v
        .try_into()
        .map_err(|_| StoreError::Corrupt(format!("列表计数 {key:?} 不是 8 字节")))?;
    Ok(u64::from_be_bytes(bytes))
}

/// Bring the indexes from an order's previous list row (none when it is new) to its new one:
/// only the rows that differ are written.
pub(crate) fn reindex(tx: &mut Tx, old: Option<&OrderSummary>, new: &OrderSummary) -> Result<()> {
    let before = old.map(list_keys).unwrap_or_default();
    let after = list_keys(new);
    for k in before.iter().filter(|k| !after.contains(k)) {
        tx.delete_derived(ORDER_KEYS, k)?;
    }
    for k in after.iter().filter(|k| !before.contains(k)) {
        tx.put_derived(ORDER_KEYS, k, &[])?;
    }
    let before = old.map(count_keys).unwrap_or_default();
    let after = count_keys(new);
    for k in before.iter().filter(|k| !after.contains(k)) {
        tx.add_count(k.clone(), -1);
    }
    for k in after.into_iter().filter(|k| !before.contains(k)) {
        tx.add_count(k, 1);
    }
    Ok(())
}

/// A sum of the keys' hashes, the same whatever order they are added in: the indexes are
/// compared with the list rows without holding eight keys per order in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct KeySum {
    keys: u64,
    sum: u64,
}

impl KeySum {
    fn add(&mut self, key: &str) {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut h);
        self.keys += 1;
        self.sum = self.sum.wrapping_add(h.finish());
    }
}

/// Whether the kept indexes say what the list rows imply; the differences, in words, when not
/// (they are derived, so a difference misleads the lists but changes no record).
pub(crate) fn check(rtx: &dyn ReadTxn) -> Result<Vec<String>> {
    let mut want = KeySum::default();
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    rtx.scan(ORDER_INDEX, &mut |k, v| {
        let s: OrderSummary = decode(v, &format!("委托单索引 {k}"))?;
        for key in list_keys(&s) {
            want.add(&key);
        }
        for key in count_keys(&s) {
            *counts.entry(key).or_insert(0) += 1;
        }
        Ok(true)
    })?;
    let mut have = KeySum::default();
    rtx.scan(ORDER_KEYS, &mut |k, _| {
        have.add(k);
        Ok(true)
    })?;
    let mut stored = BTreeMap::new();
    rtx.scan(ORDER_COUNTS, &mut |k, v| {
        stored.insert(k.to_string(), decode_count(v, k)?);
        Ok(true)
    })?;
    let mut out = Vec::new();
    if want != have {
        out.push(format!(
            "列表索引有 {} 行，按委托单索引应有 {} 行{}",
            have.keys,
            want.keys,
            if want.keys == have.keys {
                "（内容不同）"
            } else {
                ""
            }
        ));
    }
    let differ = counts
        .iter()
        .filter(|(k, n)| stored.get(*k) != Some(n))
        .count()
        + stored.keys().filter(|k| !counts.contains_key(*k)).count();
    if differ > 0 {
        out.push(format!("列表计数有 {differ} 项与委托单索引不符"));
    }
    Ok(out)
}

/// Write the indexes from the list rows, over whatever they held (the schema upgrade that
/// added them; `unilab audit reindex` after `audit verify` found them wrong).
pub(crate) fn rebuild(tx: &mut Tx) -> Result<()> {
    for table in [ORDER_KEYS, ORDER_COUNTS] {
        for k in tx.keys(table)? {
            tx.delete_derived(table, &k)?;
        }
    }
    let rows: Vec<OrderSummary> = tx.all(ORDER_INDEX, "委托单索引")?;
    for s in &rows {
        for k in list_keys(s) {
            tx.put_derived(ORDER_KEYS, &k, &[])?;
        }
        for k in count_keys(s) {
            tx.add_count(k, 1);
        }
    }
    Ok(())
}

impl super::Store {
    /// Rebuild the lists' indexes and counts from the list rows (admin; audited). They are
    /// derived, so this changes what the lists show, never a record.
    pub fn reindex_lists(
        &self,
        actor: &crate::model::User,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<()> {
        if !actor.has(crate::model::Role::Admin) {
            return Err(StoreError::Refused(crate::msg!(
                "重建列表索引需要“管理员”角色",
                "Rebuilding the list indexes needs the admin role"
            )));
        }
        let mut tx = self.begin(&actor.login, now)?;
        rebuild(&mut tx)?;
        tx.audit("lists.reindex", "order_keys", None, None, None)?;
        tx.commit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_sort_as_the_workflow_and_read_back() {
        let codes: Vec<char> = OrderStatus::ALL.iter().map(|s| status_code(*s)).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted);
        for s in OrderStatus::ALL {
            assert_eq!(status_of(status_code(s)), Some(s));
        }
        assert_eq!(status_of('9'), None);
    }

    #[test]
    fn a_shorter_name_sorts_before_a_longer_one_it_begins() {
        let a = format!("c{SEP}客户{SEP}WT2026-000009");
        let b = format!("c{SEP}客户甲{SEP}WT2026-000001");
        assert!(a < b);
    }
}
