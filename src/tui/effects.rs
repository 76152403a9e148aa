//! Carrying out effects: every store read and write the interface asks for, outside drawing.
//! A refusal or conflict becomes a message; the typed input that led to it stays where it was.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use tracing::{info, warn};

use super::app::{App, Effect, PartyField, Screen};
use super::data::EnterpriseFile;
use super::i18n::S;
use super::screens::{popup, preview, register, results};
use crate::model::{OrderStatus, Report, User};
use crate::store::{Store, StoreError};

/// Issues the certificate of an approved order: renders, signs, records and writes the PDF
/// into the directory given; returns the report and where the PDF went.
/// `Send`: issuing runs on the worker thread, never on the one that draws.
pub type IssueFn = Box<
    dyn Fn(&Store, &User, &str, &Path, DateTime<Utc>) -> anyhow::Result<(Report, PathBuf)> + Send,
>;

/// How many pages a certificate will have (for the preview); `None` when unknown.
pub type PagesFn = Box<dyn Fn(&crate::certificate::CertificateContent) -> Option<usize>>;

/// What effects need besides the state.
pub struct Services<'a> {
    pub store: &'a Store,
    pub issue: &'a IssueFn,
    pub cert_out_dir: &'a Path,
    pub pages: &'a PagesFn,
}

/// Run effects (and the effects they lead to) in order.
pub fn run(app: &mut App, svc: &Services, effects: Vec<Effect>) {
    let mut queue: std::collections::VecDeque<Effect> = effects.into();
    let mut guard = 0;
    // Several items saved at once (Ctrl-S) are reported together, not as the last one only.
    let mut saved: Vec<String> = Vec::new();
    let mut failed = false;
    while let Some(e) = queue.pop_front() {
        guard += 1;
        if guard > 1000 {
            warn!("effect loop stopped after 1000 effects");
            break;
        }
        let item = match &e {
            Effect::EnterResult { item, .. } => Some(item.clone()),
            _ => None,
        };
        for next in run_one(app, svc, e) {
            queue.push_back(next);
        }
        if let Some(item) = item {
            match &app.status {
                Some(s) if s.error => {
                    failed = true;
                    // Said next to the item too: the status line cuts a long refusal.
                    let why = s.text.clone();
                    // The cursor goes back to the refused item, where the reason is shown.
                    if let Some(i) = app.results.rows.iter().position(|r| r.code == item) {
                        app.results.sel = i;
                        app.results.rows[i].refused = Some(why);
                    }
                }
                _ => saved.push(item),
            }
        }
    }
    if saved.len() > 1 && !failed {
        let m = app
            .lang
            .f(S::ResSavedMany, &[&saved.len(), &saved.join(", ")]);
        app.info(m);
    }
}

fn fail(app: &mut App, e: impl Into<anyhow::Error>) {
    let msg = app.lang.error(&e.into());
    warn!(error = %msg, "refused");
    if let Some(popup::Popup::Prompt(p)) = &mut app.popup {
        p.error = Some(msg.clone());
        // A wrong password is typed again from scratch.
        if let popup::PromptKind::Approve(_) = p.kind {
            if let Some(popup::Field::Text { input, .. }) = p.fields.first_mut() {
                input.clear();
            }
        }
    }
    app.error(msg);
}

fn close_prompt(app: &mut App) {
    if matches!(app.popup, Some(popup::Popup::Prompt(_))) {
        app.popup = None;
    }
}

fn actor(app: &App) -> Option<User> {
    app.user.clone()
}

/// Apply a changed order returned by a write.
fn took(app: &mut App, order: crate::model::Order) {
    if app.results.number == order.number {
        results::sync(&mut app.results, &order);
    }
    app.data.set_order(Some(order));
    results::live(app);
}

fn run_one(app: &mut App, svc: &Services, effect: Effect) -> Vec<Effect> {
    let store = svc.store;
    let now = app.now;
    if !matches!(effect, Effect::Login { .. } | Effect::Reload { .. }) && app.user.is_none() {
        return Vec::new();
    }
    let reload = vec![Effect::Reload { external: false }];
    match effect {
        Effect::Login { login, password } => match store.authenticate(&login, &password, now) {
            Ok(user) => {
                info!(user = %user.login, "login");
                app.failures.remove(&login);
                let roles: Vec<&str> = user.roles.iter().map(|r| app.lang.role(*r)).collect();
                let m = app
                    .lang
                    .f(S::LoginWelcome, &[&user.display_name, &roles.join("、")]);
                app.user = Some(user);
                app.login = Default::default();
                app.screen = Screen::Queue;
                app.info(m);
                reload
            }
            Err(e @ (StoreError::Auth(_) | StoreError::NotFound(_))) => {
                let n = app.record_failure(&login);
                warn!(user = %login, attempt = n, "login failed");
                app.login.password.clear();
                app.login.focus = 1;
                app.login.message = Some(match app.lock_remaining(&login) {
                    Some(left) => app.lang.f(S::LoginLocked, &[&left]),
                    None => app
                        .lang
                        .f(S::LoginFailed, &[&n, &e.text(app.lang.english())]),
                });
                Vec::new()
            }
            Err(e) => {
                app.login.message = Some(e.text(app.lang.english()));
                Vec::new()
            }
        },
        Effect::Reload { external } => {
            reload_all(app, store, external);
            Vec::new()
        }
        Effect::OrderList(m) => {
            super::list_effects::apply(app, store, m);
            Vec::new()
        }
        Effect::LoadDrill => {
            load_drill(app, store);
            Vec::new()
        }
        Effect::Preview { order, issue } => {
            if let Some(o) = app.data.order.clone().filter(|o| o.number == order) {
                preview::open_for_order(app, &o, issue, svc.pages);
            }
            Vec::new()
        }
        Effect::PreviewReport(number) => {
            if let Some(r) = app
                .data
                .reports
                .iter()
                .find(|r| r.number == number)
                .cloned()
            {
                let pages = (svc.pages)(&r.content);
                let status = super::screens::reports::status_line(app, &r);
                preview::open_for_report(app, &r.content, status, pages);
            }
            Vec::new()
        }
        Effect::LoadOrder(n) => {
            match store.order(&n) {
                Ok(o) => {
                    took(app, o);
                    read_flags(app, store);
                    if let Err(e) = read_tasks(app, store) {
                        app.error(e.text(app.lang.english()));
                    }
                }
                Err(e) => fail(app, e),
            }
            Vec::new()
        }
        other => {
            let Some(user) = actor(app) else {
                return Vec::new();
            };
            write(app, svc, &user, other, now).unwrap_or_else(|e| {
                fail(app, e);
                Vec::new()
            });
            reload
        }
    }
}

fn rev(app: &App, number: &str) -> Option<u64> {
    app.data
        .order
        .as_ref()
        .filter(|o| o.number == number)
        .map(|o| o.revision)
}

/// The store writes. Errors come back as messages.
fn write(
    app: &mut App,
    svc: &Services,
    user: &User,
    effect: Effect,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<Effect>> {
    let store = svc.store;
    let l = app.lang;
    match effect {
        Effect::Receive(n) => {
            let o = store.receive(user, &n, rev(app, &n), now)?;
            app.info(l.f(S::AReceived, &[&n]));
            took(app, o);
        }
        Effect::EnterResult {
            order,
            item,
            texts,
            uncertainty,
            bench,
            reason,
        } => {
            let uncertainty = uncertainty
                .as_deref()
                .map(crate::decision::Uncertainty::parse)
                .transpose()
                .map_err(anyhow::Error::msg)?;
            let o = store.enter_result_with(
                user,
                &order,
                &item,
                &texts,
                uncertainty,
                &bench,
                reason.as_deref(),
                rev(app, &order),
                now,
            )?;
            close_prompt(app);
            app.info(l.f(S::ResSaved, &[&item]));
            took(app, o);
        }
        Effect::Submit(n) => {
            let o = store.submit(user, &n, rev(app, &n), now)?;
            app.info(l.f(S::ResSubmitted, &[&n]));
            took(app, o);
            if app.screen == Screen::Results {
                app.screen = Screen::Detail;
            }
        }
        Effect::Review {
            order,
            accept,
            reason,
        } => {
            let o = store.review(
                user,
                &order,
                accept,
                reason.as_deref(),
                rev(app, &order),
                now,
            )?;
            close_prompt(app);
            app.info(l.f(if accept { S::AAccepted } else { S::ARejected }, &[&order]));
            took(app, o);
        }
        Effect::Approve { order, password } => {
            // The sign-off: the password is checked again before approving.
            store.authenticate(&user.login, &password, now)?;
            let o = store.approve(user, &order, rev(app, &order), now)?;
            close_prompt(app);
            app.info(l.f(S::AApproved, &[&order]));
            took(app, o);
        }
        Effect::RejectApproval { order, reason } => {
            let o = store.reject_approval(user, &order, Some(&reason), rev(app, &order), now)?;
            close_prompt(app);
            app.info(l.f(S::ARejected, &[&order]));
            took(app, o);
        }
        Effect::Issue(order) => {
            let (report, path) = (svc.issue)(store, user, &order, svc.cert_out_dir, now)?;
            info!(report = %report.number, pdf = %path.display(), "issued");
            let text = l.f(S::AIssued, &[&report.number, &path.display()]);
            app.info(text.lines().next().unwrap_or("").to_string());
            popup::message(app, app.t(S::AIssuedTitle), text, false);
            if let Ok(o) = store.order(&order) {
                took(app, o);
            }
        }
        Effect::Withdraw { report, reason } => {
            store.withdraw_report(user, &report, &reason, now)?;
            close_prompt(app);
            app.info(l.f(S::AWithdrawn, &[&report]));
        }
        Effect::Register(new, reg) => {
            let o = store.register_order_with(user, &app.catalog, &new, &reg, now)?;
            info!(order = %o.number, "registered");
            close_prompt(app);
            app.register = Default::default();
            app.info(l.f(S::RRegistered, &[&o.number]));
            let number = o.number.clone();
            app.data.set_order(Some(o));
            app.detail.back = Screen::Queue;
            app.detail.number = number;
            app.detail.scroll = 0;
            app.screen = Screen::Detail;
        }
        Effect::AddEnterprise {
            enterprise,
            for_field,
        } => {
            let e = *enterprise;
            store.add_enterprise(user, e.clone(), now)?;
            close_prompt(app);
            app.info(l.f(S::EAdded, &[&e.name]));
            app.data.enterprises = store.enterprises()?;
            if let Some(f) = for_field {
                let p = match f {
                    PartyField::Client => &mut app.register.client,
                    PartyField::Producer => &mut app.register.producer,
                };
                p.chosen = Some(e.credit_code.clone());
                p.query.set(&e.name);
                register::revalidate(app);
            }
        }
        Effect::UpdateEnterprise { enterprise, reason } => {
            let rev = enterprise.revision;
            store.update_enterprise(user, *enterprise, rev, &reason, now)?;
            close_prompt(app);
            app.info(l.t(S::EUpdated));
        }
        Effect::LoadEnterpriseFile(code) => load_enterprise_file(app, store, &code)?,
        Effect::AddUser {
            login,
            name,
            roles,
            fields,
            password,
        } => {
            store.add_user(user, &login, &name, &roles, &fields, &password, now)?;
            close_prompt(app);
            app.info(l.f(S::UAdded, &[&login]));
        }
        Effect::SetUserActive {
            login,
            active,
            reason,
        } => {
            store.set_user_active(user, &login, active, &reason, now)?;
            close_prompt(app);
            let verb = l.t(if active { S::UEnable } else { S::UDisable });
            app.info(l.f(S::UChanged, &[&verb, &login]));
        }
        Effect::UnlockUser { login, reason } => {
            store.unlock_user(user, &login, &reason, now)?;
            close_prompt(app);
            app.info(l.f(S::UUnlocked, &[&login]));
        }
        Effect::SetUserRoles {
            login,
            revision,
            roles,
            fields,
            reason,
        } => {
            store.set_user_roles(user, &login, &roles, &fields, &reason, Some(revision), now)?;
            close_prompt(app);
            app.info(l.f(S::URolesChanged, &[&login]));
        }
        Effect::SetUserMethods {
            login,
            methods,
            reason,
        } => {
            store.set_user_methods(user, &login, &methods, &reason, now)?;
            close_prompt(app);
            app.info(l.f(S::UMethodsChanged, &[&login]));
        }
        Effect::Record(r) => {
            let o = super::record_effects::write(app, store, user, *r, now)?;
            close_prompt(app);
            if let Some(o) = o {
                took(app, o);
            }
        }
        Effect::AcknowledgeWarning { id, note } => {
            store.acknowledge_warning(user, &id, &note, now)?;
            close_prompt(app);
            app.info(l.t(super::i18n_stats::St::WAcked));
        }
        Effect::ExportStats { by, period } => {
            let m = super::stats_effects::export(app, svc.cert_out_dir, by, period)?;
            app.info(m);
        }
        Effect::PrintStats { by, period } => {
            let m = super::stats_effects::print(app, store, svc.cert_out_dir, by, period, now)?;
            app.info(m);
        }
        Effect::Spot(e) => {
            let o = super::spot_effects::write(app, store, user, svc.cert_out_dir, *e, now)?;
            close_prompt(app);
            if let Some(o) = o {
                took(app, o);
            }
        }
        Effect::VerifyAudit => {
            let cert = store.lab_key().map(|k| k.certificate_der().to_vec());
            let check = store.verify_audit(cert.as_deref())?;
            if check.ok() {
                let m = l.f(S::AuVerifyOk, &[&check.entries]);
                popup::message(app, app.t(S::ScrAudit), m, false);
            } else {
                let problems: Vec<String> = check.problems.iter().map(|p| p.to_string()).collect();
                let m = l.f(S::AuVerifyBad, &[&problems.join("\n")]);
                popup::message(app, app.t(S::ScrAudit), m, true);
            }
        }
        Effect::Login { .. }
        | Effect::Reload { .. }
        | Effect::OrderList(_)
        | Effect::LoadDrill
        | Effect::LoadOrder(_)
        | Effect::Preview { .. }
        | Effect::PreviewReport(_) => {}
    }
    Ok(Vec::new())
}

fn load_enterprise_file(app: &mut App, store: &Store, code: &str) -> anyhow::Result<()> {
    let Some(e) = app.data.enterprise(code).cloned() else {
        return Ok(());
    };
    let mut file = EnterpriseFile {
        credit_code: code.to_string(),
        ..EnterpriseFile::default()
    };
    for s in store
        .client_orders(&e.name)?
        .into_iter()
        .filter(|s| app.sees(s))
    {
        if s.status >= OrderStatus::Approved {
            let o = store.order(&s.number)?;
            if o.client.credit_code != code {
                continue;
            }
            file.judged += 1;
            // A conditional fail (guard band) is not a pass in an enterprise's record.
            if !matches!(
                o.overall(),
                crate::judge::Verdict::Fail | crate::judge::Verdict::ConditionalFail
            ) {
                file.passed += 1;
            }
        }
        file.orders.push(s);
    }
    file.orders.reverse();
    let spot = store.spot_check_file(code, app.today())?;
    file.proposal = spot.proposal;
    file.spot_checks = spot.orders;
    app.data.enterprise_file = Some(file);
    app.refresh_views();
    Ok(())
}

/// After another terminal's write: read only what changed since the state was read (keyed by
/// the audit sequence) and patch it in; `false` when a full read is the better answer (a very
/// long gap, or nothing read yet).
fn refresh_changes(app: &mut App, store: &Store) -> crate::store::Result<bool> {
    const MAX_PATCH: usize = 5_000;
    if app.data.stamp == 0 {
        return Ok(false);
    }
    // The lists are read again a page at a time when the reload finishes.
    let changes = store.changes_since(app.data.stamp)?;
    if changes.entries.len() > MAX_PATCH {
        return Ok(false);
    }
    let touched = |prefix: &str| {
        changes
            .entries
            .iter()
            .any(|e| e.operation.starts_with(prefix))
    };
    if touched("enterprise") || touched("import") {
        app.data.enterprises = store.enterprises()?;
    }
    if touched("lab") {
        app.data.lab = Some(store.lab()?);
    }
    app.data.stamp = changes.stamp;
    let open = app.data.order.as_ref().map(|o| o.number.clone());
    if let Some(n) = open {
        if changes.entries.iter().any(|e| e.target == n) {
            let o = store.order(&n)?;
            if matches!(app.screen, Screen::Detail | Screen::Results) {
                app.info(app.lang.f(S::OrderChanged, &[&n]));
            }
            took(app, o);
        }
    }
    match app.screen {
        Screen::Reports => app.data.reports = store.reports()?,
        Screen::Audit => app.data.audit = store.audit_log(None)?,
        Screen::Users => app.data.users = store.users()?,
        _ => {}
    }
    read_stats(app, store)?;
    read_tasks(app, store)?;
    Ok(true)
}

/// Re-read what is shown; the typed input on every screen is left alone.
pub fn reload_all(app: &mut App, store: &Store, external: bool) {
    if external && app.user.is_some() {
        match refresh_changes(app, store) {
            Ok(true) => {
                finish_reload(app, store);
                return;
            }
            Ok(false) => {}
            Err(e) => warn!(error = %e, "reading the changes failed; reading everything"),
        }
    }
    let r = (|| -> crate::store::Result<()> {
        app.data.stamp = store.change_stamp()?;
        // One small record; its sites and settings may have changed.
        app.data.lab = Some(store.lab()?);
        if app.user.is_none() {
            return Ok(());
        }
        app.data.enterprises = store.enterprises()?;
        match app.screen {
            Screen::Reports => app.data.reports = store.reports()?,
            Screen::Audit => app.data.audit = store.audit_log(None)?,
            Screen::Users => app.data.users = store.users()?,
            _ => {}
        }
        read_tasks(app, store)?;
        read_stats(app, store)?;
        let open = app
            .data
            .order
            .as_ref()
            .map(|o| (o.number.clone(), o.revision));
        if let Some((n, before)) = open {
            let o = store.order(&n)?;
            if external
                && o.revision != before
                && matches!(app.screen, Screen::Detail | Screen::Results)
            {
                app.info(app.lang.f(S::OrderChanged, &[&n]));
            }
            took(app, o);
        }
        Ok(())
    })();
    if let Err(e) = r {
        warn!(error = %e, "reload failed");
        app.error(e.text(app.lang.english()));
    }
    finish_reload(app, store);
    if external && !matches!(app.screen, Screen::Detail | Screen::Results) && app.user.is_some() {
        info!("refreshed after an external change");
    }
}

/// The review flags of the open order's instruments (a test past a due date, a failed check
/// after use), read from the register as it is now.
fn read_flags(app: &mut App, store: &Store) {
    app.data.flags = match &app.data.order {
        Some(o) => store.instrument_flags(o).unwrap_or_else(|e| {
            warn!(error = %e, "reading the instrument flags failed");
            Vec::new()
        }),
        None => Vec::new(),
    };
}

/// The tasks with their reports, on the task screens and on a spot check's page (its task's
/// name); the open task's orders as rows of the index.
/// The statistics rows, on their screen only: read whole the first time, then kept and
/// brought up to date with the orders written since.
fn read_stats(app: &mut App, store: &Store) -> crate::store::Result<()> {
    if app.screen != Screen::Stats {
        return Ok(());
    }
    match app.data.stats.as_mut() {
        Some(src) => store.refresh_stats(src)?,
        None => app.data.stats = Some(store.stats_source()?),
    }
    if app.stats.drill.is_some() {
        super::screens::stats::recompute(app);
        let mut rows = store.order_rows(&super::screens::stats::drill_numbers(app))?;
        rows.retain(|s| app.sees(s));
        app.data.drill_orders = rows;
    }
    Ok(())
}

fn read_tasks(app: &mut App, store: &Store) -> crate::store::Result<()> {
    let spot_page = app.screen == Screen::Detail
        && app
            .data
            .order
            .as_ref()
            .is_some_and(|o| o.sampling.is_some());
    if !matches!(app.screen, Screen::Tasks | Screen::Task) && !spot_page {
        return Ok(());
    }
    let tasks = store.tasks()?;
    let reports = store.task_reports()?;
    // Two reads: a task recorded between them waits for the next reload.
    app.data.tasks = tasks
        .into_iter()
        .filter_map(|task| {
            let report = reports.iter().find(|r| r.task == task.number)?.clone();
            Some(super::data::TaskRow { task, report })
        })
        .collect();
    if app.screen == Screen::Task {
        if let Some(n) = app.tasks.open.clone() {
            let mut rows = store.order_rows(&store.task_orders(&n)?)?;
            rows.retain(|s| app.sees(s));
            app.data.task_orders = rows;
        }
    }
    Ok(())
}

/// The running deadlines, for a desk user's work queue: read from the spot checks the index
/// already holds, so a lab without spot checks reads nothing more.
fn read_desk(app: &mut App, store: &Store) {
    use crate::inspection::InspectionType;
    if !super::screens::deadlines::shown_to(app) {
        return;
    }
    // A site's user follows their site's spot checks only.
    let read = store
        .orders_of_type(InspectionType::Supervision)
        .and_then(|rows| {
            let numbers: Vec<&str> = rows
                .iter()
                .filter(|s| app.sees(s))
                .map(|s| s.number.as_str())
                .collect();
            store.running_deadlines_among(&numbers, app.today())
        });
    match read {
        Ok(d) => app.data.deadlines = d,
        Err(e) => app.error(e.text(app.lang.english())),
    }
}

/// What every reload ends with: the register, the open order's flags, the open enterprise
/// file and the derived lists.
fn finish_reload(app: &mut App, store: &Store) {
    if app.user.is_some() {
        match store.instruments() {
            Ok(i) => app.data.instruments = i,
            Err(e) => app.error(e.text(app.lang.english())),
        }
        read_flags(app, store);
        read_desk(app, store);
        if app.screen == Screen::Queue && super::screens::warnings::stale(app) {
            match store.warnings(app.today()) {
                Ok(w) => {
                    app.data.warnings = w;
                    app.data.warnings_read = Some((app.data.stamp, app.today()));
                }
                Err(e) => app.error(e.text(app.lang.english())),
            }
        }
    }
    if app.screen == Screen::Enterprise {
        if let Some(code) = app.enterprises.open.clone() {
            if let Err(e) = load_enterprise_file(app, store, &code) {
                app.error(app.lang.error(&e));
            }
        }
    }
    app.refresh_views();
    super::list_effects::reload_shown(app, store);
}

/// The list rows of the orders behind the statistics row drilled into.
fn load_drill(app: &mut App, store: &Store) {
    let numbers = super::screens::stats::drill_numbers(app);
    match store.order_rows(&numbers) {
        Ok(mut rows) => {
            rows.retain(|s| app.sees(s));
            app.data.drill_orders = rows;
        }
        Err(e) => app.error(e.text(app.lang.english())),
    }
    super::screens::stats::recompute(app);
}
