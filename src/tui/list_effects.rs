//! Reading the order lists' windows and counts from the store: after a keystroke that moves
//! past what a window holds, and after every reload for the screen shown. Each read is a page
//! of rows and a few kept counts, however many orders the lab has.

use chrono::Days;

use super::app::{App, Screen};
use super::order_window::{ListMove, OrderWindow};
use super::screens::{orders, queue, queue::Task};
use crate::model::OrderSummary;
use crate::store::{OrderQuery, Result, Store};

/// Apply a list move to the list on the screen shown.
pub fn apply(app: &mut App, store: &Store, m: ListMove) {
    let r = match app.screen {
        Screen::Orders => {
            let q = orders::query(app);
            let page = orders::page_rows(app);
            app.orders.list.apply(store, &q, m, page)
        }
        Screen::Queue => queue_move(app, store, m),
        _ => Ok(()),
    };
    if let Err(e) = r {
        app.error(e.text(app.lang.english()));
    }
}

/// After a reload: the counts, and the shown list read again around its cursor.
pub fn reload_shown(app: &mut App, store: &Store) {
    if app.user.is_none() {
        return;
    }
    let r = (|| -> Result<Option<Vec<OrderSummary>>> {
        let everything = OrderQuery {
            site: app.user_site(),
            ..OrderQuery::default()
        };
        app.data.total_orders = store.order_count(&everything)?.rows;
        if app.screen == Screen::Queue {
            return queue_counts(app, store);
        }
        Ok(None)
    })();
    let disposal = r.unwrap_or_else(|e| {
        app.error(e.text(app.lang.english()));
        None
    });
    match disposal {
        // The disposal tab's rows were just read for its count.
        Some(rows) if app.queue.task() == Some(Task::Disposal) => {
            hold_whole(&mut app.queue.list, rows);
        }
        _ if matches!(app.screen, Screen::Orders | Screen::Queue) => {
            apply(app, store, ListMove::Reload);
        }
        _ => {}
    }
}

/// The query of a queue tab about orders, with a signatory's standards filled in.
fn tab_query(app: &App, store: &Store, task: Task) -> Result<Option<OrderQuery>> {
    let Some(mut q) = queue::query(app, task) else {
        return Ok(None);
    };
    if queue::signs(task) {
        let mut signable = std::collections::BTreeSet::new();
        for st in &q.statuses {
            for standard in store.standards_in(q.site.as_deref(), *st)? {
                if queue::may_sign(app, &standard) {
                    signable.insert(standard);
                }
            }
        }
        q.standards = Some(signable);
    }
    Ok(Some(q))
}

fn queue_move(app: &mut App, store: &Store, m: ListMove) -> Result<()> {
    let Some(task) = app.queue.task().filter(|t| t.on_orders()) else {
        return Ok(());
    };
    if task == Task::Disposal {
        if matches!(m, ListMove::Reload | ListMove::Fresh) {
            let rows = disposal_rows(app, store)?;
            hold_whole(&mut app.queue.list, rows);
        }
        return Ok(());
    }
    let Some(q) = tab_query(app, store, task)? else {
        return Ok(());
    };
    let page = queue::page_rows(app);
    app.queue.list.apply(store, &q, m, page)
}

/// The queue's counts per state and per tab, and the disposal tab's rows when it has one.
fn queue_counts(app: &mut App, store: &Store) -> Result<Option<Vec<OrderSummary>>> {
    app.queue.counts = store.status_counts(app.user_site().as_deref(), app.today())?;
    let tasks: Vec<Task> = app.queue.tabs.iter().map(|t| t.0).collect();
    let mut counts = Vec::with_capacity(tasks.len());
    let mut disposal = None;
    for task in tasks {
        let n = match task {
            Task::Disposal => {
                let rows = disposal_rows(app, store)?;
                let n = rows.len() as u64;
                disposal = Some(rows);
                n
            }
            _ => match tab_query(app, store, task)? {
                Some(q) => store.order_count(&q)?.rows,
                None => 0,
            },
        };
        counts.push(n);
    }
    app.queue.tab_counts = counts;
    Ok(disposal)
}

/// Retained samples past their retention period, due first: read from the samples retained
/// at least as long as the shortest period (the rest cannot be due yet).
fn disposal_rows(app: &App, store: &Store) -> Result<Vec<OrderSummary>> {
    let shortest = app.data.lab.as_ref().map_or(0, |l| l.shortest_retention());
    let Some(cut) = app.today().checked_sub_days(Days::new(u64::from(shortest))) else {
        return Ok(Vec::new());
    };
    let mut rows: Vec<OrderSummary> = store
        .retained_since(cut)?
        .into_iter()
        .filter(|s| app.sees(s) && queue::disposal_due(app, s))
        .collect();
    rows.sort_by(|a, b| (a.due, &a.number).cmp(&(b.due, &b.number)));
    Ok(rows)
}

/// A list small enough to hold whole, keeping the cursor on the same order.
fn hold_whole(w: &mut OrderWindow, rows: Vec<OrderSummary>) {
    let focus = w.selected_row().map(|r| r.number.clone());
    w.keys = rows.iter().map(|r| r.number.clone()).collect();
    w.count = crate::store::ListCount {
        rows: rows.len() as u64,
        exact: true,
    };
    w.selected = focus
        .and_then(|n| rows.iter().position(|r| r.number == n))
        .unwrap_or(0)
        .min(rows.len().saturating_sub(1));
    w.rows = rows;
    w.before = None;
    w.after = None;
}
