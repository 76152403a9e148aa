//! A list of orders as a window onto the store's list: the rows around the cursor, read a few
//! pages at a time as the cursor moves, with the count from the store's kept counts. A list of
//! a million orders opens, scrolls and filters reading about a hundred rows.

use crate::model::OrderSummary;
use crate::store::{ListCount, ListFrom, ListKey, OrderQuery, Store};

/// Pages held beyond the cursor before more are read, and at most in all.
const AHEAD_PAGES: usize = 2;
const HELD_PAGES: usize = 8;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderWindow {
    /// The rows held, in the list's order, and each one's key in the list.
    pub rows: Vec<OrderSummary>,
    pub keys: Vec<ListKey>,
    /// Indices into `rows`.
    pub selected: usize,
    pub offset: usize,
    /// More rows lie before the first held (read on from this key) or after the last.
    pub before: Option<ListKey>,
    pub after: Option<ListKey>,
    /// How many rows the whole list has.
    pub count: ListCount,
}

/// What a keystroke asks of a list beyond the rows it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListMove {
    /// Read the list again around the selected row (the records changed).
    Reload,
    /// Read the list from its start (the query changed: a filter typed, a tab chosen).
    Fresh,
    /// The cursor moved: read on if it came near an end of what is held.
    Follow,
    Top,
    Bottom,
}

impl OrderWindow {
    pub fn selected_row(&self) -> Option<&OrderSummary> {
        self.rows.get(self.selected)
    }

    /// The row indices, for the shared row drawing.
    pub fn indices(&self) -> Vec<usize> {
        (0..self.rows.len()).collect()
    }

    /// Whether a move needs the store: the cursor is near an end with more beyond it, or
    /// went to an end not held.
    pub fn wants(&self, m: ListMove, page: usize) -> bool {
        match m {
            ListMove::Reload | ListMove::Fresh => true,
            ListMove::Top => self.before.is_some(),
            ListMove::Bottom => self.after.is_some(),
            ListMove::Follow => {
                let near = AHEAD_PAGES * page.max(1);
                self.after.is_some() && self.selected + near >= self.rows.len()
                    || self.before.is_some() && self.selected < near
            }
        }
    }

    fn set(&mut self, rows: Vec<(ListKey, OrderSummary)>) {
        (self.keys, self.rows) = rows.into_iter().unzip();
    }

    /// Apply a move, reading from the store; `focus` is the row to keep the cursor on when
    /// the list is read again (by number: its key changes with the ordering).
    pub fn apply(
        &mut self,
        store: &Store,
        q: &OrderQuery,
        m: ListMove,
        page: usize,
    ) -> crate::store::Result<()> {
        let page = page.max(1);
        match m {
            ListMove::Reload => {
                let focus = self.selected_row().map(|r| q.key_of(r));
                self.count = store.order_count(q)?;
                self.load(store, q, focus, page)?;
            }
            ListMove::Fresh => {
                self.count = store.order_count(q)?;
                self.load(store, q, None, page)?;
            }
            ListMove::Top => self.load(store, q, None, page)?,
            ListMove::Bottom => {
                let last = store.order_page(q, &ListFrom::End, AHEAD_PAGES * page)?;
                self.before = last.more.then_some(last.resume).flatten();
                self.after = None;
                self.set(last.rows);
                self.selected = self.rows.len().saturating_sub(1);
                self.offset = self.rows.len().saturating_sub(page);
            }
            ListMove::Follow => self.follow(store, q, page)?,
        }
        // Every row is held: the count is what is held, whatever the kept counts could tell.
        if self.before.is_none() && self.after.is_none() {
            self.count = ListCount {
                rows: self.rows.len() as u64,
                exact: true,
            };
        }
        Ok(())
    }

    /// Read the pages around `focus` (or from the start).
    fn load(
        &mut self,
        store: &Store,
        q: &OrderQuery,
        focus: Option<ListKey>,
        page: usize,
    ) -> crate::store::Result<()> {
        let Some(key) = focus else {
            let first = store.order_page(q, &ListFrom::Start, (AHEAD_PAGES + 1) * page)?;
            self.after = first.more.then_some(first.resume).flatten();
            self.before = None;
            self.set(first.rows);
            self.selected = 0;
            self.offset = 0;
            return Ok(());
        };
        let from = store.order_page(q, &ListFrom::At(key.clone()), (AHEAD_PAGES + 1) * page)?;
        if from.rows.is_empty() && !from.more {
            // The row and everything after it left the list: show its end.
            return self.apply(store, q, ListMove::Bottom, page);
        }
        let back = store.order_page(q, &ListFrom::Before(key), page)?;
        let moved = self.selected.saturating_sub(self.offset);
        self.before = back.more.then_some(back.resume).flatten();
        self.after = from.more.then_some(from.resume).flatten();
        let at = back.rows.len();
        let mut rows = back.rows;
        rows.extend(from.rows);
        self.set(rows);
        self.selected = at.min(self.rows.len().saturating_sub(1));
        // The cursor keeps its place on the screen.
        self.offset = self.selected.saturating_sub(moved);
        Ok(())
    }

    /// Read on past whichever end the cursor came near, and let go of rows far behind it.
    fn follow(&mut self, store: &Store, q: &OrderQuery, page: usize) -> crate::store::Result<()> {
        let near = AHEAD_PAGES * page;
        if self.selected + near >= self.rows.len() {
            if let Some(k) = self.after.take() {
                let more = store.order_page(q, &ListFrom::After(k), near)?;
                self.after = more.more.then_some(more.resume).flatten();
                for (k, r) in more.rows {
                    self.keys.push(k);
                    self.rows.push(r);
                }
            }
        }
        if self.selected < near {
            if let Some(k) = self.before.take() {
                let more = store.order_page(q, &ListFrom::Before(k), near)?;
                self.before = more.more.then_some(more.resume).flatten();
                let n = more.rows.len();
                let (keys, rows): (Vec<_>, Vec<_>) = more.rows.into_iter().unzip();
                self.keys.splice(0..0, keys);
                self.rows.splice(0..0, rows);
                self.selected += n;
                self.offset += n;
            }
        }
        self.let_go(page);
        Ok(())
    }

    /// Hold at most `HELD_PAGES` pages: drop rows far from the cursor, remembering that the
    /// list goes on there.
    fn let_go(&mut self, page: usize) {
        let most = HELD_PAGES * page;
        if self.rows.len() <= most {
            return;
        }
        let front = self.offset.saturating_sub(AHEAD_PAGES * page);
        if front > 0 {
            // Read on before the first row still held.
            self.before = self.keys.get(front).cloned();
            self.keys.drain(..front);
            self.rows.drain(..front);
            self.selected -= front;
            self.offset -= front;
        }
        if self.rows.len() > most {
            self.after = self.keys.get(most - 1).cloned();
            self.keys.truncate(most);
            self.rows.truncate(most);
        }
    }
}
