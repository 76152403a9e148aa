//! 委托登记: the registration form. Enterprise pickers with incremental search (and a new
//! enterprise inline), a standard picker that marks withdrawn editions and refuses them without
//! the explicit override, grade, spec, inspection type, the sample, and the resolved item list
//! with mandatory items locked. Errors show inline; Enter submits only a valid form.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::popup::{self, Then};
use crate::catalog::{ResolvedItem, Selection, Standard};
use crate::inspection::InspectionType;
use crate::model::Sample;
use crate::store::NewOrder;
use crate::tui::app::{App, Effect, PartyField, Screen};
use crate::tui::i18n::S;
use crate::tui::keymap::Action;
use crate::tui::widgets::{self, TextInput};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum F {
    #[default]
    Type,
    Client,
    Producer,
    Standard,
    Grade,
    Spec,
    AllowWithdrawn,
    Sample,
    Trademark,
    Model,
    Batch,
    Quantity,
    Condition,
    Due,
    Remarks,
    /// 标明值 on the label, `N=15 P2O5=15` (when the standard judges against one).
    Declared,
    /// Measured or nominal dimensions, `d=32` (when a limit depends on one).
    Dimensions,
    /// The decision rule agreed with the client.
    Rule,
    /// Chemistry measured on the finished product (GB/T 222 allowances).
    ProductAnalysis,
    /// Further bases: `CODE|GRADE|ITEM,ITEM; CODE…`.
    Bases,
    Items,
    /// The site (branch lab) the order is for: a lab network's desk names one.
    Site,
}

impl F {
    fn label(self) -> S {
        match self {
            F::Type => S::RType,
            F::Client => S::RClient,
            F::Producer => S::RProducer,
            F::Standard => S::RStandard,
            F::Grade => S::RGrade,
            F::Spec => S::RSpec,
            F::AllowWithdrawn => S::RAllowWithdrawn,
            F::Sample => S::RSample,
            F::Trademark => S::RTrademark,
            F::Model => S::RModel,
            F::Batch => S::RBatch,
            F::Quantity => S::RQuantity,
            F::Condition => S::RCondition,
            F::Due => S::RDue,
            F::Remarks => S::RRemarks,
            F::Declared => S::RDeclared,
            F::Dimensions => S::RDimensions,
            F::Rule => S::RRule,
            F::ProductAnalysis => S::RProductAnalysis,
            F::Bases => S::RBases,
            F::Items => S::RItems,
            F::Site => S::RSite,
        }
    }
}

/// An incremental-search picker: the typed query, the matches, the highlighted one and the
/// chosen key (credit code or standard code).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picker {
    pub query: TextInput,
    pub matches: Vec<String>,
    pub sel: usize,
    pub chosen: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterState {
    pub focus: F,
    pub itype: usize,
    pub client: Picker,
    pub producer: Picker,
    pub standard: Picker,
    pub grade: usize,
    /// 0 = none, i = specs[i-1].
    pub spec: usize,
    pub allow_withdrawn: bool,
    pub guard_band: bool,
    pub product_analysis: bool,
    pub text: BTreeMap<F, TextInput>,
    /// Item codes asked for beyond the mandatory ones (commissioned: exactly these).
    pub requested: Vec<String>,
    pub item_sel: usize,
    /// Live: the resolved items or why they cannot be resolved.
    pub resolved: Result<Vec<ResolvedItem>, String>,
    pub errors: BTreeMap<F, String>,
    /// Show "required" errors only after a first attempt to submit.
    pub tried: bool,
}

impl Default for RegisterState {
    fn default() -> Self {
        RegisterState {
            focus: F::Type,
            itype: 0,
            client: Picker::default(),
            producer: Picker::default(),
            standard: Picker::default(),
            grade: 0,
            spec: 0,
            allow_withdrawn: false,
            guard_band: false,
            product_analysis: false,
            text: BTreeMap::new(),
            requested: Vec::new(),
            item_sel: 0,
            resolved: Err(String::new()),
            errors: BTreeMap::new(),
            tried: false,
        }
    }
}

impl RegisterState {
    pub fn text_focus(&self) -> bool {
        matches!(
            self.focus,
            F::Client
                | F::Producer
                | F::Standard
                | F::Sample
                | F::Trademark
                | F::Model
                | F::Batch
                | F::Quantity
                | F::Condition
                | F::Due
                | F::Remarks
                | F::Declared
                | F::Dimensions
                | F::Bases
                | F::Site
        )
    }

    pub fn is_dirty(&self) -> bool {
        self.text.values().any(|t| !t.is_empty())
            || [&self.client, &self.producer, &self.standard]
                .iter()
                .any(|p| p.chosen.is_some() || !p.query.is_empty())
    }

    pub fn value(&self, f: F) -> &str {
        self.text.get(&f).map(|t| t.value().trim()).unwrap_or("")
    }

    fn itype(&self) -> InspectionType {
        InspectionType::ALL
            .get(self.itype)
            .copied()
            .unwrap_or(InspectionType::Commissioned)
    }
}

fn standard(app: &App) -> Option<&Standard> {
    app.register
        .standard
        .chosen
        .as_deref()
        .and_then(|c| app.catalog.get(c))
}

/// The fields in Tab order; spec and the withdrawn override only when they apply.
pub fn fields(app: &App) -> Vec<F> {
    let std = standard(app);
    let mut v = vec![F::Type, F::Client, F::Producer, F::Standard, F::Grade];
    if std.is_some_and(|s| !s.specs.is_empty()) {
        v.push(F::Spec);
    }
    if std.is_some_and(|s| s.is_withdrawn(app.today())) {
        v.push(F::AllowWithdrawn);
    }
    v.extend([
        F::Sample,
        F::Trademark,
        F::Model,
        F::Batch,
        F::Quantity,
        F::Condition,
        F::Due,
        F::Remarks,
        F::Items,
    ]);
    // What judging needs beyond the sample comes after the items (drawn at the foot of the
    // left column): declared values and dimensions only where the standard uses them.
    if std.is_some_and(|s| s.items.iter().any(|i| i.declared.is_some())) {
        v.push(F::Declared);
    }
    if std.is_some_and(|s| !s.dimensions.is_empty()) {
        v.push(F::Dimensions);
    }
    v.push(F::Rule);
    if std.is_some_and(|s| s.items.iter().any(|i| !i.product_allowance.is_empty())) {
        v.push(F::ProductAnalysis);
    }
    v.push(F::Bases);
    // A lab network's desk says which site the order is for; a site's own clerk registers
    // for their site without being asked.
    let has_sites = app.data.lab.as_ref().is_some_and(|l| !l.sites.is_empty());
    let own_site = app.user.as_ref().is_some_and(|u| u.site.is_some());
    if has_sites && !own_site {
        v.push(F::Site);
    }
    v
}

/// `GB 2763-2021|大米|glyphosate; GB 38400-2019`: further bases, each a standard code, then
/// optionally its grade and its items, separated by `|`.
fn more_bases(text: &str) -> Vec<crate::store::MoreBasis> {
    text.split([';', '；'])
        .filter(|b| !b.trim().is_empty())
        .map(crate::store::MoreBasis::parse)
        .collect()
}

/// `N=15 P2O5=15` (spaces, commas or semicolons between) as exact values; the first bad
/// piece is named.
fn pairs(text: &str, english: bool) -> Result<BTreeMap<String, rust_decimal::Decimal>, String> {
    let mut out = BTreeMap::new();
    for piece in text
        .split([' ', ',', '，', ';', '；', '\u{3000}'])
        .filter(|p| !p.trim().is_empty())
    {
        let (k, v) = crate::store::parse_pair(piece).map_err(|e| e.text(english).to_string())?;
        out.insert(k, v);
    }
    Ok(out)
}

/// The issue-11 part of the form: declared values, dimensions, the decision rule.
fn registration(app: &App) -> Result<crate::store::Registration, (F, String)> {
    let r = &app.register;
    let english = app.lang.english();
    Ok(crate::store::Registration {
        declared: pairs(r.value(F::Declared), english).map_err(|e| (F::Declared, e))?,
        dimensions: pairs(r.value(F::Dimensions), english).map_err(|e| (F::Dimensions, e))?,
        rule: if r.guard_band {
            crate::decision::DecisionRule::GuardBand
        } else {
            crate::decision::DecisionRule::Simple
        },
        product_analysis: r.product_analysis,
        more_bases: more_bases(r.value(F::Bases)),
        sampling: None,
        blacklist_reason: None,
        retest_of: None,
        // Empty: the lab itself, or the clerk's own site when they are limited to one (the
        // store fills it in).
        site: Some(r.value(F::Site).to_uppercase()).filter(|s| !s.is_empty()),
    })
}

fn enterprise_matches(app: &App, query: &str) -> Vec<String> {
    let q = query.trim().to_lowercase();
    app.data
        .enterprises
        .iter()
        .filter(|e| {
            q.is_empty()
                || e.name.to_lowercase().contains(&q)
                || e.credit_code.to_lowercase().contains(&q)
        })
        .map(|e| e.credit_code.clone())
        .collect()
}

fn standard_matches(app: &App, query: &str) -> Vec<String> {
    let q = query.trim().to_lowercase();
    let mut v: Vec<&Standard> = app
        .catalog
        .standards()
        .iter()
        .filter(|s| {
            q.is_empty()
                || s.code.to_lowercase().contains(&q)
                || s.title_zh.to_lowercase().contains(&q)
                || s.title_en.to_lowercase().contains(&q)
                || s.product.to_lowercase().contains(&q)
        })
        .collect();
    v.sort_by(|a, b| a.code.cmp(&b.code));
    v.into_iter().map(|s| s.code.clone()).collect()
}

/// The items a type proposes: the scheme's list, or every item when there is none.
fn proposal(std: &Standard, t: InspectionType) -> Vec<String> {
    if t.client_chooses_items() {
        match std.schemes.get(&t) {
            Some(s) => s.items.clone(),
            None => std.items.iter().map(|i| i.code.clone()).collect(),
        }
    } else {
        Vec::new()
    }
}

/// Recompute matches, the resolved items and the inline errors.
pub fn revalidate(app: &mut App) {
    let cm = enterprise_matches(app, app.register.client.query.value());
    let pm = enterprise_matches(app, app.register.producer.query.value());
    let sm = standard_matches(app, app.register.standard.query.value());
    let today = app.today();
    let r = &mut app.register;
    r.client.matches = cm;
    r.producer.matches = pm;
    r.standard.matches = sm;
    for p in [&mut r.client, &mut r.producer, &mut r.standard] {
        p.sel = p.sel.min(p.matches.len().saturating_sub(1));
    }
    let mut errors = BTreeMap::new();
    let std = r
        .standard
        .chosen
        .as_deref()
        .and_then(|c| app.catalog.get(c));
    r.resolved = match std {
        None => Err(app.lang.t(S::RNoStandard).to_string()),
        Some(s) => {
            let grade = s.grades.get(r.grade).cloned().unwrap_or_default();
            let spec = r.spec.checked_sub(1).and_then(|i| s.specs.get(i)).cloned();
            if r.itype().client_chooses_items() && r.requested.is_empty() {
                Err(app.lang.t(S::RNoItems).to_string())
            } else {
                // The dimensions typed so far count (a size class may come from d = 32).
                let extras = crate::catalog::Extras {
                    dimensions: pairs(r.value(F::Dimensions), false).unwrap_or_default(),
                    declared: pairs(r.value(F::Declared), false).unwrap_or_default(),
                    product_analysis: r.product_analysis,
                };
                s.resolve_with(
                    &Selection {
                        grade: &grade,
                        spec: spec.as_deref(),
                        inspection_type: r.itype(),
                        requested: &r.requested,
                        on: today,
                        allow_withdrawn: r.allow_withdrawn,
                    },
                    &extras,
                )
                .map_err(|e| e.0)
            }
        }
    };
    let required = |f: F, empty: bool, errors: &mut BTreeMap<F, String>| {
        if empty && r.tried {
            errors.insert(f, app.lang.t(S::RRequired).to_string());
        }
    };
    match &r.client.chosen {
        None if !r.client.query.is_empty() && r.client.matches.is_empty() => {
            errors.insert(F::Client, app.lang.t(S::RNoMatch).to_string());
        }
        None => required(F::Client, true, &mut errors),
        Some(code) => {
            if let Some(why) = app.data.enterprise(code).and_then(|e| e.blacklist.clone()) {
                errors.insert(F::Client, app.lang.f(S::RBlacklisted, &[&why]));
            }
        }
    }
    if r.producer.chosen.is_none() && !r.producer.query.is_empty() {
        errors.insert(F::Producer, app.lang.t(S::RNoMatch).to_string());
    } else if let Some(why) = r
        .producer
        .chosen
        .as_deref()
        .and_then(|c| app.data.enterprise(c))
        .and_then(|e| e.blacklist.clone())
    {
        errors.insert(F::Producer, app.lang.f(S::RBlacklisted, &[&why]));
    }
    match std {
        None => required(F::Standard, true, &mut errors),
        Some(s) if s.is_withdrawn(today) && !r.allow_withdrawn => {
            let by = s
                .replaced_by
                .as_ref()
                .map(|b| app.lang.f(S::RReplacedBy, &[b]))
                .unwrap_or_default();
            let on = s.withdrawn.map(|d| d.to_string()).unwrap_or_default();
            errors.insert(F::Standard, app.lang.f(S::RWithdrawnRefused, &[&on, &by]));
        }
        _ => {}
    }
    required(F::Sample, r.value(F::Sample).is_empty(), &mut errors);
    for f in [F::Declared, F::Dimensions] {
        if let Err(e) = pairs(r.value(f), app.lang.english()) {
            errors.insert(f, e);
        }
    }
    // A further basis must be an edition the library holds (its grade and items are checked
    // when the order is registered).
    for b in more_bases(r.value(F::Bases)) {
        if let Err(e) = app.catalog.find(&b.standard) {
            errors.insert(F::Bases, e);
            break;
        }
    }
    let due = r.value(F::Due);
    if !due.is_empty() && NaiveDate::parse_from_str(due, "%Y-%m-%d").is_err() {
        errors.insert(F::Due, app.lang.t(S::RBadDate).to_string());
    }
    if let (Err(e), Some(s)) = (&r.resolved, std) {
        // A limit that depends on the spec asks for it at the spec field.
        let at = if !s.specs.is_empty() && r.spec == 0 && e.contains(&s.spec_label) {
            F::Spec
        } else {
            F::Items
        };
        if at == F::Items || r.tried || r.focus == F::Spec {
            errors.insert(at, e.clone());
        } else {
            errors.insert(F::Items, e.clone());
        }
    }
    r.errors = errors;
}

/// The order as filled in; `None` while the form is invalid.
fn new_order(app: &App) -> Option<NewOrder> {
    let r = &app.register;
    let std = standard(app)?;
    let client = r.client.chosen.clone()?;
    Some(NewOrder {
        inspection_type: r.itype(),
        client,
        producer: r.producer.chosen.clone(),
        sample: Sample {
            name: r.value(F::Sample).to_string(),
            trademark: r.value(F::Trademark).to_string(),
            model_spec: r.value(F::Model).to_string(),
            batch: r.value(F::Batch).to_string(),
            quantity: r.value(F::Quantity).to_string(),
            condition: r.value(F::Condition).to_string(),
            sample_number: String::new(),
        },
        standard: std.code.clone(),
        grade: std.grades.get(r.grade).cloned().unwrap_or_default(),
        spec: r
            .spec
            .checked_sub(1)
            .and_then(|i| std.specs.get(i))
            .cloned(),
        items: r.requested.clone(),
        due: NaiveDate::parse_from_str(r.value(F::Due), "%Y-%m-%d").ok(),
        deviations: String::new(),
        remarks: r.value(F::Remarks).to_string(),
        allow_withdrawn: r.allow_withdrawn,
    })
}

fn picker(r: &mut RegisterState, f: F) -> Option<&mut Picker> {
    match f {
        F::Client => Some(&mut r.client),
        F::Producer => Some(&mut r.producer),
        F::Standard => Some(&mut r.standard),
        _ => None,
    }
}

/// The standard changed: reset grade, spec and the item choice to the type's proposal.
fn standard_changed(app: &mut App) {
    let prop = standard(app)
        .map(|s| proposal(s, app.register.itype()))
        .unwrap_or_default();
    let r = &mut app.register;
    r.grade = 0;
    r.spec = 0;
    r.allow_withdrawn = false;
    r.requested = prop;
    r.item_sel = 0;
}

/// Whether `f` is a picker with typed text that is not (yet) the name of its choice.
fn picking(app: &App, f: F) -> bool {
    let name_of = |code: &str| -> String {
        app.data
            .enterprises
            .iter()
            .find(|e| e.credit_code == code)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| code.to_string())
    };
    let shown = match f {
        F::Client | F::Producer | F::Standard => {
            let p = if f == F::Client {
                &app.register.client
            } else if f == F::Producer {
                &app.register.producer
            } else {
                &app.register.standard
            };
            let chosen = p.chosen.as_deref().map(|c| {
                if f == F::Standard {
                    c.to_string()
                } else {
                    name_of(c)
                }
            });
            (p.query.value().to_string(), chosen)
        }
        _ => return false,
    };
    let (typed, chosen) = shown;
    !typed.is_empty() && chosen.as_deref() != Some(typed.as_str())
}

/// Leaving a picker: the highlighted match becomes the choice and the query shows its name.
fn settle(app: &mut App, f: F) {
    let names: Vec<(String, String)> = app
        .data
        .enterprises
        .iter()
        .map(|e| (e.credit_code.clone(), e.name.clone()))
        .collect();
    let before = app.register.standard.chosen.clone();
    let Some(p) = picker(&mut app.register, f) else {
        return;
    };
    if p.query.is_empty() {
        p.chosen = None;
    } else if let Some(m) = p.matches.get(p.sel) {
        p.chosen = Some(m.clone());
        let shown = if f == F::Standard {
            m.clone()
        } else {
            names
                .iter()
                .find(|(c, _)| c == m)
                .map(|(_, n)| n.clone())
                .unwrap_or_else(|| m.clone())
        };
        p.query.set(&shown);
    }
    if f == F::Standard && app.register.standard.chosen != before {
        standard_changed(app);
    }
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    revalidate(app);
    let order = fields(app);
    let focus = app.register.focus;
    let pos = order.iter().position(|f| *f == focus).unwrap_or(0);
    let mut effects = Vec::new();
    match action {
        Action::NextField | Action::PrevField => {
            settle(app, focus);
            let n = order.len();
            let next = if action == Action::NextField {
                (pos + 1) % n
            } else {
                (pos + n - 1) % n
            };
            let fields_now = fields(app);
            app.register.focus = fields_now
                .get(next.min(fields_now.len() - 1))
                .copied()
                .unwrap_or(F::Type);
        }
        Action::Edit(k) => {
            let r = &mut app.register;
            if let Some(p) = picker(r, focus) {
                if p.query.edit(&k) {
                    p.chosen = None;
                    p.sel = 0;
                }
            } else if r.text_focus() {
                r.text.entry(focus).or_default().edit(&k);
            }
        }
        Action::Up | Action::Down => {
            let d: isize = if action == Action::Up { -1 } else { 1 };
            let r = &mut app.register;
            if let Some(p) = picker(r, focus) {
                p.sel = widgets::step(p.sel, d, p.matches.len());
                if !p.query.is_empty() || p.chosen.is_some() || d > 0 {
                    p.chosen = p.matches.get(p.sel).cloned();
                }
                if focus == F::Standard {
                    standard_changed(app);
                }
            } else if focus == F::Items {
                let n = standard(app).map_or(0, |s| s.items.len());
                app.register.item_sel = widgets::step(app.register.item_sel, d, n);
            } else {
                // Up/Down move between fields elsewhere.
                return update(
                    app,
                    if d < 0 {
                        Action::PrevField
                    } else {
                        Action::NextField
                    },
                );
            }
        }
        Action::Left | Action::Right => {
            let d: isize = if action == Action::Left { -1 } else { 1 };
            let cycle =
                |v: usize, n: usize| ((v as isize + d).rem_euclid(n.max(1) as isize)) as usize;
            match focus {
                F::Type => {
                    app.register.itype = cycle(app.register.itype, InspectionType::ALL.len());
                    standard_changed(app);
                }
                F::Grade => {
                    let n = standard(app).map_or(1, |s| s.grades.len());
                    app.register.grade = cycle(app.register.grade, n);
                }
                F::Spec => {
                    let n = standard(app).map_or(0, |s| s.specs.len()) + 1;
                    app.register.spec = cycle(app.register.spec, n);
                }
                F::AllowWithdrawn => app.register.allow_withdrawn = !app.register.allow_withdrawn,
                F::Rule => app.register.guard_band = !app.register.guard_band,
                F::ProductAnalysis => {
                    app.register.product_analysis = !app.register.product_analysis
                }
                f => {
                    let key = crossterm::event::KeyEvent::from(if d < 0 {
                        crossterm::event::KeyCode::Left
                    } else {
                        crossterm::event::KeyCode::Right
                    });
                    let r = &mut app.register;
                    if let Some(p) = picker(r, f) {
                        p.query.edit(&key);
                    } else if let Some(t) = r.text.get_mut(&f) {
                        t.edit(&key);
                    }
                }
            }
        }
        Action::Toggle => match focus {
            F::AllowWithdrawn => app.register.allow_withdrawn = !app.register.allow_withdrawn,
            F::ProductAnalysis => app.register.product_analysis = !app.register.product_analysis,
            F::Type | F::Grade | F::Spec | F::Rule => return update(app, Action::Right),
            F::Items => toggle_item(app),
            _ => {}
        },
        Action::New => {
            let field = match focus {
                F::Producer => Some(PartyField::Producer),
                _ => Some(PartyField::Client),
            };
            app.popup = Some(popup::new_enterprise(app, field));
        }
        // Enter in a picker whose typed text is not yet a choice picks the highlighted match
        // and moves on, as a dropdown does; it never registers the whole order from there.
        Action::Submit if picking(app, focus) => return update(app, Action::NextField),
        Action::Submit => {
            settle(app, focus);
            app.register.tried = true;
            revalidate(app);
            if let Some((f, e)) = app
                .register
                .errors
                .iter()
                .next()
                .map(|(f, e)| (*f, e.clone()))
            {
                app.register.focus = f;
                let m = app
                    .lang
                    .f(S::RInvalid, &[&format!("{}：{e}", app.t(f.label()))]);
                app.error(m);
                return Vec::new();
            }
            let reg = match registration(app) {
                Ok(reg) => reg,
                Err((f, e)) => {
                    app.register.focus = f;
                    app.error(e);
                    return Vec::new();
                }
            };
            if let Some(new) = new_order(app) {
                if new.inspection_type == InspectionType::Supervision && reg.sampling.is_none() {
                    // A spot check is registered with its sampling record (抽样单).
                    popup::records::sampling(app, new, reg);
                } else {
                    effects.push(Effect::Register(Box::new(new), Box::new(reg)));
                }
            }
            return effects;
        }
        Action::Back => {
            if app.register.is_dirty() {
                popup::confirm(app, app.t(S::RDiscard).to_string(), Then::DiscardRegister);
            } else {
                app.screen = Screen::Queue;
            }
            return Vec::new();
        }
        _ => {}
    }
    revalidate(app);
    effects
}

fn toggle_item(app: &mut App) {
    let Some(std) = standard(app) else {
        return;
    };
    let Some(item) = std.items.get(app.register.item_sel) else {
        return;
    };
    let code = item.code.clone();
    let resolved: Vec<ResolvedItem> = app.register.resolved.clone().unwrap_or_default();
    if resolved.iter().any(|i| i.code == code && i.mandatory) {
        app.error(app.t(S::RMandatoryLocked));
        return;
    }
    let r = &mut app.register;
    if let Some(i) = r.requested.iter().position(|c| *c == code) {
        r.requested.remove(i);
    } else if resolved.iter().any(|i| i.code == code) {
        app.info(app.t(S::RInputOf));
    } else {
        r.requested.push(code);
    }
}

mod view;

pub use view::draw;
