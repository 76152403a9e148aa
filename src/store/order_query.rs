//! The order lists as queries: a page of rows from a cursor, and how many rows there are,
//! answered from the lists' indexes (`list_index`) without reading every order.
//!
//! A page walks one or more ordered index ranges (one per status asked for, merged), reads
//! each candidate's list row and keeps those that pass the site, standard and filter tests. A
//! filter that names few orders (a rare client, a sample name) is answered from the
//! dictionary's postings instead: every matching row, sorted in memory.

use std::collections::{BTreeSet, VecDeque};
use std::ops::Bound;

use super::codec::decode;
use super::engine::{KeyRange, ReadTxn, Table};
use super::list_index::{
    decode_count, status_code, status_of, Field, ORDER_COUNTS, ORDER_KEYS, SEP,
};
use super::{Result, Store, ORDER_INDEX};
use crate::model::{OrderStatus, OrderSummary};

/// The orderings a list offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListSort {
    #[default]
    Number,
    Due,
    Client,
    Status,
}

/// Which orders a list shows, and in what order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderQuery {
    /// Only these statuses (empty: every status).
    pub statuses: Vec<OrderStatus>,
    pub sort: ListSort,
    pub reverse: bool,
    /// Only this site's orders (a site's own user).
    pub site: Option<String>,
    /// Only orders of these standards (a signatory's queues: the fields they may sign).
    pub standards: Option<BTreeSet<String>>,
    /// The typed filter: number, client, sample name or standard containing it (ASCII case
    /// folded).
    pub filter: String,
}

/// A row's place in its list: the ordering's key, unique (it ends with the number).
pub type ListKey = String;

/// How many rows a list has: exact, or at most this many (a filter over a large list is
/// counted from the dictionary, which cannot tell whether two fields name the same order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListCount {
    pub rows: u64,
    pub exact: bool,
}

/// Rows of a list and whether more lie beyond them.
#[derive(Debug, Clone, Default)]
pub struct ListPage {
    pub rows: Vec<(ListKey, OrderSummary)>,
    /// The walk stopped before the end: from `resume` (the last key looked at) on, more rows
    /// may pass.
    pub more: bool,
    pub resume: Option<ListKey>,
}

/// Where a page starts, in the list's own order (a reversed list's start is its highest key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListFrom {
    Start,
    End,
    /// The rows after this key.
    After(ListKey),
    /// The rows before this key (given back in the list's order all the same).
    Before(ListKey),
    /// This key's row and those after it.
    At(ListKey),
}

/// A walk's start in the index's own key order.
enum Edge<'a> {
    Whole,
    Past(&'a str),
    AtOrPast(&'a str),
}

/// List rows looked at per page before giving back what was found (a filter that matches
/// almost nothing in a huge status stops here; the list asks again when scrolled).
const WALK_LIMIT: usize = 20_000;
/// Filters naming at most this many orders (by the dictionary's counts) are answered whole.
const SMALL_MATCH: u64 = 4_000;

impl OrderQuery {
    fn filter_lower(&self) -> String {
        self.filter.trim().to_lowercase()
    }

    /// The ordering's key of a row.
    pub fn key_of(&self, s: &OrderSummary) -> ListKey {
        let n = &s.number;
        match self.sort {
            ListSort::Number => n.clone(),
            ListSort::Due => format!("{}{SEP}{n}", super::list_index::due(s)),
            ListSort::Client => format!("{}{SEP}{n}", s.client),
            ListSort::Status => format!("{}{SEP}{n}", status_code(s.status)),
        }
    }

    fn passes(&self, s: &OrderSummary, needle: &str) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(&s.status))
            && self
                .site
                .as_ref()
                .is_none_or(|site| s.site.as_ref() == Some(site))
            && self
                .standards
                .as_ref()
                .is_none_or(|set| set.contains(&s.standard))
            && s.matches(needle)
    }

    /// The index ranges whose keys, less their `head`, are this list's keys in order.
    fn ranges(&self) -> Vec<Range> {
        let whole = |table, prefix: String, head: usize| Range {
            table,
            prefix,
            head,
        };
        if self.statuses.is_empty() {
            let (p, table) = match self.sort {
                ListSort::Number => (String::new(), ORDER_INDEX),
                ListSort::Due => (format!("d{SEP}"), ORDER_KEYS),
                ListSort::Client => (format!("c{SEP}"), ORDER_KEYS),
                ListSort::Status => (format!("s{SEP}"), ORDER_KEYS),
            };
            let head = p.len();
            return vec![whole(table, p, head)];
        }
        self.statuses
            .iter()
            .map(|st| {
                let st = status_code(*st);
                let p = match self.sort {
                    ListSort::Number | ListSort::Status => format!("s{SEP}{st}{SEP}"),
                    ListSort::Due => format!("D{SEP}{st}{SEP}"),
                    ListSort::Client => format!("C{SEP}{st}{SEP}"),
                };
                // Sorting by status keeps the status in the key.
                let head = if self.sort == ListSort::Status {
                    2
                } else {
                    p.len()
                };
                whole(ORDER_KEYS, p, head)
            })
            .collect()
    }
}

/// One ordered index range.
struct Range {
    table: Table,
    prefix: String,
    /// How much of each key comes before the list's key.
    head: usize,
}

impl Range {
    /// The keys from `edge` on, walking up (or down when `down`).
    fn bounds(&self, edge: &Edge<'_>, down: bool) -> (Bound<String>, Bound<String>) {
        let (lo, hi) = if self.prefix.is_empty() {
            (Bound::Unbounded, Bound::Unbounded)
        } else {
            (
                Bound::Included(self.prefix.clone()),
                Bound::Excluded(prefix_end(&self.prefix)),
            )
        };
        let full = |k: &str| format!("{}{k}", &self.prefix[..self.head]);
        let start = match edge {
            Edge::Whole => return (lo, hi),
            Edge::Past(k) => Bound::Excluded(full(k)),
            Edge::AtOrPast(k) => Bound::Included(full(k)),
        };
        if down {
            (lo, tighter(hi, start, |y, x| y <= x))
        } else {
            (tighter(lo, start, |y, x| y >= x), hi)
        }
    }
}

/// `b` when it lies inside `a` (as `inside` says), else `a`.
fn tighter(
    a: Bound<String>,
    b: Bound<String>,
    inside: impl Fn(&str, &str) -> bool,
) -> Bound<String> {
    match (&a, &b) {
        (Bound::Unbounded, _) => b,
        (_, Bound::Unbounded) => a,
        (Bound::Included(x) | Bound::Excluded(x), Bound::Included(y) | Bound::Excluded(y)) => {
            if inside(y, x) {
                b
            } else {
                a
            }
        }
    }
}

/// The first key after every key that begins with `prefix` (which ends with `SEP`).
fn prefix_end(prefix: &str) -> String {
    let mut end = prefix.trim_end_matches(SEP).to_string();
    end.push(char::from(SEP as u8 + 1));
    end
}

/// The order number at the end of an index key.
fn number_of(key: &str) -> &str {
    key.rsplit(SEP).next().unwrap_or(key)
}

/// One range being walked: rows read ahead, and where the next read starts.
struct Walker {
    range: Range,
    ahead: VecDeque<(ListKey, Vec<u8>)>,
    /// The last list key read from the range.
    last: Option<ListKey>,
    done: bool,
}

/// Index rows read at once from each range.
const CHUNK: usize = 64;

impl Walker {
    fn refill(&mut self, rtx: &dyn ReadTxn, start: &Edge<'_>, down: bool) -> Result<()> {
        let edge = match &self.last {
            Some(k) => Edge::Past(k),
            None => match start {
                Edge::Whole => Edge::Whole,
                Edge::Past(k) => Edge::Past(k),
                Edge::AtOrPast(k) => Edge::AtOrPast(k),
            },
        };
        let (lo, hi) = self.range.bounds(&edge, down);
        let range = KeyRange {
            from: lo.as_ref().map(String::as_str),
            to: hi.as_ref().map(String::as_str),
            reverse: down,
        };
        let head = self.range.head;
        let mut read: Vec<(ListKey, Vec<u8>)> = Vec::with_capacity(CHUNK);
        rtx.scan_range(self.range.table, range, &mut |k, v| {
            read.push((k[head..].to_string(), v.to_vec()));
            Ok(read.len() < CHUNK)
        })?;
        self.done = read.len() < CHUNK;
        self.last = read.last().map(|(k, _)| k.clone()).or(self.last.take());
        if self.range.table == ORDER_KEYS {
            // Index rows name the orders: their list rows in one read.
            let numbers: Vec<&str> = read.iter().map(|(k, _)| number_of(k)).collect();
            let rows = rtx.get_many(ORDER_INDEX, &numbers)?;
            for ((k, _), row) in read.iter().zip(rows) {
                // An index row without its order would be damage `audit verify` reports.
                if let Some(v) = row {
                    self.ahead.push_back((k.clone(), v));
                }
            }
        } else {
            self.ahead.extend(read);
        }
        Ok(())
    }
}

impl Store {
    /// Up to `limit` rows of a list from `from`, in the list's order. A filter that names few
    /// orders gives its whole list at once (`more` false, every row there).
    pub fn order_page(&self, q: &OrderQuery, from: &ListFrom, limit: usize) -> Result<ListPage> {
        let snap = self.snapshot()?;
        let rtx = snap.rtx.as_ref();
        let needle = q.filter_lower();
        if let Plan::Whole(rows) = plan(rtx, q, &needle)? {
            return Ok(ListPage {
                rows: part_of(rows, q, from),
                more: false,
                resume: None,
            });
        }
        // Walking back in the list's order is walking down the keys, unless it is reversed.
        let back = matches!(from, ListFrom::End | ListFrom::Before(_));
        let down = back != q.reverse;
        let start = match from {
            ListFrom::Start | ListFrom::End => Edge::Whole,
            ListFrom::After(k) | ListFrom::Before(k) => Edge::Past(k),
            ListFrom::At(k) => Edge::AtOrPast(k),
        };
        let mut walkers: Vec<Walker> = q
            .ranges()
            .into_iter()
            .map(|range| Walker {
                range,
                ahead: VecDeque::new(),
                last: None,
                done: false,
            })
            .collect();
        let mut page = ListPage::default();
        let mut looked = 0;
        loop {
            for w in walkers.iter_mut().filter(|w| w.ahead.is_empty() && !w.done) {
                w.refill(rtx, &start, down)?;
            }
            // The next key of the merged ranges.
            let next = walkers
                .iter()
                .enumerate()
                .filter_map(|(i, w)| w.ahead.front().map(|(k, _)| (i, k)))
                .reduce(|a, b| if (b.1 < a.1) != down { b } else { a })
                .map(|(i, _)| i);
            let Some((key, value)) = next.and_then(|i| walkers[i].ahead.pop_front()) else {
                break;
            };
            looked += 1;
            let row: OrderSummary = decode(&value, "委托单索引")?;
            let passed = q.passes(&row, &needle);
            page.resume = Some(key.clone());
            if passed {
                page.rows.push((key, row));
            }
            if page.rows.len() >= limit || looked >= WALK_LIMIT {
                page.more = true;
                break;
            }
        }
        if back {
            page.rows.reverse();
        }
        Ok(page)
    }

    /// How many rows a list has; exact unless a large filter is counted from the dictionary.
    pub fn order_count(&self, q: &OrderQuery) -> Result<ListCount> {
        let snap = self.snapshot()?;
        let rtx = snap.rtx.as_ref();
        let base = unfiltered_count(rtx, q)?;
        let needle = q.filter_lower();
        if needle.is_empty() {
            return Ok(ListCount {
                rows: base,
                exact: true,
            });
        }
        let terms = matching_terms(rtx, &needle)?;
        if let Plan::Whole(rows) = plan_from(rtx, q, &needle, &terms)? {
            return Ok(ListCount {
                rows: rows.len() as u64,
                exact: true,
            });
        }
        if may_match_numbers(&needle) {
            return Ok(ListCount {
                rows: base,
                exact: false,
            });
        }
        let named: u64 = terms.iter().map(|t| t.2).sum();
        let fields: BTreeSet<Field> = terms.iter().map(|t| t.0).collect();
        let plain = q.statuses.is_empty() && q.site.is_none() && q.standards.is_none();
        Ok(ListCount {
            rows: named.min(base),
            exact: plain && fields.len() <= 1,
        })
    }

    /// Orders per status, and of those still open how many are past their due date.
    pub fn status_counts(
        &self,
        site: Option<&str>,
        today: chrono::NaiveDate,
    ) -> Result<Vec<(OrderStatus, u64, u64)>> {
        let snap = self.snapshot()?;
        let rtx = snap.rtx.as_ref();
        let mut out: Vec<(OrderStatus, u64, u64)> =
            OrderStatus::ALL.iter().map(|s| (*s, 0, 0)).collect();
        let today = today.format("%Y-%m-%d").to_string();
        for (rest, n) in counts_under(rtx, &format!("n{SEP}"))? {
            let Some((st, _)) = split_site(&rest, site) else {
                continue;
            };
            if let Some(c) = out.iter_mut().find(|c| c.0 == st) {
                c.1 += n;
            }
        }
        for (rest, n) in counts_under(rtx, &format!("o{SEP}"))? {
            let Some((st, due)) = split_site(&rest, site) else {
                continue;
            };
            if due < today.as_str() {
                if let Some(c) = out.iter_mut().find(|c| c.0 == st) {
                    c.2 += n;
                }
            }
        }
        Ok(out)
    }

    /// The standards of the orders in a status, with how many (a signatory's queues keep the
    /// ones they may sign).
    pub fn standards_in(&self, site: Option<&str>, status: OrderStatus) -> Result<Vec<String>> {
        let snap = self.snapshot()?;
        let mut out = BTreeSet::new();
        for (rest, _) in counts_under(snap.rtx.as_ref(), &format!("g{SEP}"))? {
            if let Some((st, standard)) = split_site(&rest, site) {
                if st == status {
                    out.insert(standard.to_string());
                }
            }
        }
        Ok(out.into_iter().collect())
    }

    /// The list rows of the orders whose index keys begin with `prefix` (a client's, an
    /// inspection type's, the retained samples'), up to and including day `upto` when given,
    /// in the index's order.
    fn rows_under(&self, prefix: &str, upto: Option<&str>) -> Result<Vec<OrderSummary>> {
        let snap = self.snapshot()?;
        let rtx = snap.rtx.as_ref();
        let mut numbers = Vec::new();
        let end = match upto {
            Some(day) => Bound::Excluded(format!("{prefix}{day}{}", char::from(SEP as u8 + 1))),
            None => Bound::Excluded(prefix_end(prefix)),
        };
        let range = KeyRange {
            from: Bound::Included(prefix),
            to: end.as_ref().map(String::as_str),
            reverse: false,
        };
        rtx.scan_range(ORDER_KEYS, range, &mut |k, _| {
            numbers.push(number_of(k).to_string());
            Ok(true)
        })?;
        rows_of(rtx, &numbers)
    }

    /// One client's orders (its enterprise file), in number order.
    pub fn client_orders(&self, client: &str) -> Result<Vec<OrderSummary>> {
        let mut rows = self.rows_under(&Field::Client.postings(client), None)?;
        rows.sort_by(|a, b| a.number.cmp(&b.number));
        Ok(rows)
    }

    /// The orders of one inspection type other than commissioned testing (the spot-check
    /// desk's), in number order.
    pub fn orders_of_type(
        &self,
        kind: crate::inspection::InspectionType,
    ) -> Result<Vec<OrderSummary>> {
        self.rows_under(&format!("i{SEP}{}{SEP}", kind.key()), None)
    }

    /// Orders whose sample was retained on or before `day` and is still retained.
    pub fn retained_since(&self, day: chrono::NaiveDate) -> Result<Vec<OrderSummary>> {
        let day = day.format("%Y-%m-%d").to_string();
        self.rows_under(&format!("r{SEP}"), Some(&day))
    }

    /// The list rows of these orders (those that exist), in the order given.
    pub fn order_rows(&self, numbers: &[String]) -> Result<Vec<OrderSummary>> {
        let snap = self.snapshot()?;
        rows_of(snap.rtx.as_ref(), numbers)
    }
}

/// The rows of a whole list (in the list's order) that a page from `from` would give.
fn part_of(
    mut rows: Vec<(ListKey, OrderSummary)>,
    q: &OrderQuery,
    from: &ListFrom,
) -> Vec<(ListKey, OrderSummary)> {
    // Whether `key` comes before `k` in the list's order.
    let before = |key: &str, k: &str| if q.reverse { key > k } else { key < k };
    match from {
        ListFrom::Start | ListFrom::End => rows,
        ListFrom::At(k) => rows.split_off(rows.partition_point(|r| before(&r.0, k))),
        ListFrom::After(k) => rows.split_off(rows.partition_point(|r| !before(k, &r.0))),
        ListFrom::Before(k) => {
            rows.truncate(rows.partition_point(|r| before(&r.0, k)));
            rows
        }
    }
}

fn rows_of(rtx: &dyn ReadTxn, numbers: &[String]) -> Result<Vec<OrderSummary>> {
    let mut out = Vec::with_capacity(numbers.len());
    for chunk in numbers.chunks(500) {
        let keys: Vec<&str> = chunk.iter().map(String::as_str).collect();
        for v in rtx.get_many(ORDER_INDEX, &keys)?.into_iter().flatten() {
            out.push(decode(&v, "委托单索引")?);
        }
    }
    Ok(out)
}

/// The status and the rest of a count key after its kind (`site␟status[␟rest]`), when the
/// site is the one asked for (any site when none is).
fn split_site<'a>(rest: &'a str, site: Option<&str>) -> Option<(OrderStatus, &'a str)> {
    let (s, tail) = rest.split_once(SEP)?;
    if site.is_some_and(|want| want != s) {
        return None;
    }
    let mut chars = tail.chars();
    let st = status_of(chars.next()?)?;
    Some((st, chars.as_str().trim_start_matches(SEP)))
}

/// The kept counts whose keys begin with `prefix`, with the rest of each key.
fn counts_under(rtx: &dyn ReadTxn, prefix: &str) -> Result<Vec<(String, u64)>> {
    let mut out = Vec::new();
    let end = prefix_end(prefix);
    let range = KeyRange {
        from: Bound::Included(prefix),
        to: Bound::Excluded(&end),
        reverse: false,
    };
    rtx.scan_range(ORDER_COUNTS, range, &mut |k, v| {
        out.push((k[prefix.len()..].to_string(), decode_count(v, k)?));
        Ok(true)
    })?;
    Ok(out)
}

/// The list's size before the typed filter, from the kept counts.
fn unfiltered_count(rtx: &dyn ReadTxn, q: &OrderQuery) -> Result<u64> {
    let wanted = |st: OrderStatus| q.statuses.is_empty() || q.statuses.contains(&st);
    let site = q.site.as_deref();
    let mut total = 0;
    if let Some(set) = &q.standards {
        for (rest, n) in counts_under(rtx, &format!("g{SEP}"))? {
            if let Some((st, standard)) = split_site(&rest, site) {
                if wanted(st) && set.contains(standard) {
                    total += n;
                }
            }
        }
        return Ok(total);
    }
    for (rest, n) in counts_under(rtx, &format!("n{SEP}"))? {
        if let Some((st, _)) = split_site(&rest, site) {
            if wanted(st) {
                total += n;
            }
        }
    }
    Ok(total)
}

/// The dictionary's values containing the filter: field, value, how many orders.
fn matching_terms(rtx: &dyn ReadTxn, needle: &str) -> Result<Vec<(Field, String, u64)>> {
    let mut out = Vec::new();
    for (rest, n) in counts_under(rtx, &format!("f{SEP}"))? {
        let Some((code, value)) = rest.split_once(SEP) else {
            continue;
        };
        let Some(field) = Field::from_code(code) else {
            continue;
        };
        if crate::model::order::contains_ignore_ascii_case(value, needle) {
            out.push((field, value.to_string(), n));
        }
    }
    Ok(out)
}

/// An order number is letters, digits and hyphens: a filter with anything else (a space,
/// Chinese) can only match the dictionary's fields.
fn may_match_numbers(needle: &str) -> bool {
    needle
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
}

enum Plan {
    /// Walk the ordering's index and test each row.
    Walk,
    /// Few orders match: all of them, sorted.
    Whole(Vec<(ListKey, OrderSummary)>),
}

fn plan(rtx: &dyn ReadTxn, q: &OrderQuery, needle: &str) -> Result<Plan> {
    if needle.is_empty() {
        return Ok(Plan::Walk);
    }
    let terms = matching_terms(rtx, needle)?;
    plan_from(rtx, q, needle, &terms)
}

fn plan_from(
    rtx: &dyn ReadTxn,
    q: &OrderQuery,
    needle: &str,
    terms: &[(Field, String, u64)],
) -> Result<Plan> {
    let named: u64 = terms.iter().map(|t| t.2).sum();
    if needle.is_empty() || may_match_numbers(needle) || named > SMALL_MATCH {
        return Ok(Plan::Walk);
    }
    let mut numbers = BTreeSet::new();
    for (field, value, _) in terms {
        let prefix = field.postings(value);
        let end = prefix_end(&prefix);
        let range = KeyRange {
            from: Bound::Included(&prefix),
            to: Bound::Excluded(&end),
            reverse: false,
        };
        rtx.scan_range(ORDER_KEYS, range, &mut |k, _| {
            numbers.insert(number_of(k).to_string());
            Ok(true)
        })?;
    }
    let numbers: Vec<String> = numbers.into_iter().collect();
    let mut rows: Vec<(ListKey, OrderSummary)> = rows_of(rtx, &numbers)?
        .into_iter()
        .filter(|s| q.passes(s, needle))
        .map(|s| (q.key_of(&s), s))
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    if q.reverse {
        rows.reverse();
    }
    Ok(Plan::Whole(rows))
}
