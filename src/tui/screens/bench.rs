//! The bench facts of a result-entry session: the test date, the instrument used for each kind
//! a method needs, and the temperature and humidity (issue 12). Shown in a bar above the
//! results table next to what the selected item's method requires, set in a small form, and
//! sent with every value saved.
//!
//! The choices stay in the session (app state) across orders until the user logs out: a
//! technician at one machine enters several orders in a row under the same conditions, and a
//! choice remembered per instrument kind fits every item that needs that kind. A deviation
//! justification belongs to one order and is not carried to the next.

use chrono::NaiveDate;
use ratatui::text::Line;
use rust_decimal::Decimal;

use super::popup::{Check, Field, Popup, Prompt, PromptKind, RecordPrompt};
use crate::catalog::ResolvedItem;
use crate::model::bench::BenchInput;
use crate::model::{Instrument, InstrumentStatus, Order};
use crate::tui::app::App;
use crate::tui::i18n::{Lang, S};
use crate::tui::keymap::{Action, Ctx};
use crate::tui::widgets::{self, text};

/// The instruments of `kind` one may pick, in calibration today first; out of service ones
/// are left out (they may not be used at all), overdue ones stay, marked, so the technician
/// sees why the machine at hand is refused instead of wondering where it went.
fn candidates<'a>(app: &'a App, kind: &str, day: NaiveDate) -> Vec<&'a Instrument> {
    let mut out: Vec<&Instrument> = app
        .data
        .instruments
        .iter()
        .filter(|i| i.kind == kind && i.status != InstrumentStatus::OutOfService)
        .collect();
    out.sort_by_key(|i| (i.refusal_on(day).is_some(), i.id.clone()));
    out
}

/// Why an instrument may not be used on `day`, in one word: `超期` past its due date, else
/// `不可用` (a failed intermediate check); nothing when it may be used.
fn mark(l: Lang, i: &Instrument, day: NaiveDate) -> Option<&'static str> {
    i.refusal_on(day)?;
    Some(if i.due_on(day) < day {
        l.t(S::BOverdueMark)
    } else {
        l.t(S::BUnusableMark)
    })
}

/// `SB-001 至 2027-03-01`, with the mark when it may not be used on `day`.
fn option(l: Lang, i: &Instrument, day: NaiveDate) -> String {
    let mut s = format!("{} {}", i.id, l.f(S::BUntil, &[&i.due_on(day)]));
    if let Some(m) = mark(l, i, day) {
        s.push_str(&format!(" {m}"));
    }
    s
}

/// The session's test date (today when none was set).
fn day(app: &App) -> NaiveDate {
    app.results.bench.tested_on.unwrap_or(app.today())
}

/// The session's instrument for a kind.
fn chosen<'a>(app: &'a App, kind: &str) -> Option<&'a Instrument> {
    app.results.bench.instruments.iter().find_map(|id| {
        app.data
            .instruments
            .iter()
            .find(|i| &i.id == id && i.kind == kind)
    })
}

fn text_field(label: &str, value: &str) -> Field {
    let mut f = Field::text(label, Check::None);
    if let Field::Text { input, .. } = &mut f {
        input.set(value);
    }
    f
}

/// Open the form for the selected item of the open order.
pub fn open_form(app: &mut App, order: &Order) {
    let l = app.lang;
    let item = order.items.get(app.results.sel);
    let kind = item.and_then(|i| i.needs.instrument.clone());
    let d = day(app);
    let (options, sel) = match &kind {
        None => (vec![l.t(S::BNone).to_string()], 0),
        Some(k) => {
            let c = candidates(app, k, d);
            if c.is_empty() {
                (vec![l.f(S::BNoneOfKind, &[k])], 0)
            } else {
                let current = chosen(app, k).map(|i| i.id.clone());
                let sel = c
                    .iter()
                    .position(|i| Some(&i.id) == current.as_ref())
                    .unwrap_or(0);
                (c.iter().map(|i| option(l, i, d)).collect(), sel)
            }
        }
    };
    let b = &app.results.bench;
    let num = |v: Option<Decimal>| v.map(|v| v.to_string()).unwrap_or_default();
    let label = match &kind {
        Some(k) => format!("{}{}", l.t(S::BInstrument), l.paren(k)),
        None => l.t(S::BInstrument).to_string(),
    };
    let fields = vec![
        text_field(l.t(S::BDate), &d.to_string()),
        Field::Choice {
            label,
            options,
            sel,
        },
        text_field(l.t(S::BTemperature), &num(b.conditions.temperature)),
        text_field(l.t(S::BHumidity), &num(b.conditions.humidity)),
        text_field(l.t(S::BDeviation), b.deviation.as_deref().unwrap_or("")),
    ];
    app.popup = Some(Popup::Prompt(Prompt::new(
        PromptKind::Record(RecordPrompt::Bench { kind }),
        l.t(S::BTitle).to_string(),
        fields,
    )));
}

fn number(l: Lang, label: S, t: &str) -> Result<Option<Decimal>, String> {
    let t = t.trim();
    if t.is_empty() {
        return Ok(None);
    }
    crate::number::parse_decimal(t)
        .map(Some)
        .map_err(|_| l.f(S::BBadNumber, &[&l.t(label), &t]))
}

/// Take the form into the session; a mistake is said in the form and nothing is lost.
pub fn apply(app: &mut App, p: &Prompt, kind: Option<&str>) -> Result<(), String> {
    let l = app.lang;
    let date_text = p.text(0);
    let date = if date_text.is_empty() {
        app.today()
    } else {
        date_text
            .parse::<NaiveDate>()
            .map_err(|_| l.f(S::BBadDate, &[&date_text]))?
    };
    let temperature = number(l, S::BTemperature, &p.text(2))?;
    let humidity = number(l, S::BHumidity, &p.text(3))?;
    let picked = kind.and_then(|k| {
        let c = candidates(app, k, date);
        let sel = match p.fields.get(1) {
            Some(Field::Choice { sel, options, .. }) => {
                // The options were listed for the date the form opened with; find by id.
                options
                    .get(*sel)
                    .and_then(|o| o.split_whitespace().next())
                    .map(str::to_string)
            }
            _ => None,
        }?;
        c.iter().find(|i| i.id == sel).map(|i| i.id.clone())
    });
    let deviation = p.text(4);
    let today = app.today();
    let b = &mut app.results.bench;
    // "Today" follows the clock: a terminal left open overnight does not keep yesterday.
    b.tested_on = (date != today).then_some(date);
    b.conditions.temperature = temperature;
    b.conditions.humidity = humidity;
    b.deviation = (!deviation.is_empty()).then_some(deviation);
    if let Some(k) = kind {
        let others: Vec<String> = b
            .instruments
            .iter()
            .filter(|id| {
                app.data
                    .instruments
                    .iter()
                    .find(|i| &i.id == *id)
                    .is_none_or(|i| i.kind != k)
            })
            .cloned()
            .collect();
        b.instruments = others;
        b.instruments.extend(picked);
    }
    Ok(())
}

/// What is sent with an item's values: the session's facts, with only the instrument of the
/// kind its method needs (an instrument of another kind is not part of this test, and its
/// calibration must not refuse it).
pub fn for_item(app: &App, item: Option<&ResolvedItem>) -> BenchInput {
    let mut b = app.results.bench.clone();
    b.instruments = match item.and_then(|i| i.needs.instrument.as_deref()) {
        Some(k) => chosen(app, k)
            .map(|i| vec![i.id.clone()])
            .unwrap_or_default(),
        None => Vec::new(),
    };
    b
}

/// Two lines above the results table: what the selected item's method requires, and the
/// session's facts for it, warning when something it requires is not set.
pub fn lines(app: &App, item: Option<&ResolvedItem>, width: usize) -> [Line<'static>; 2] {
    let l = app.lang;
    let b = &app.results.bench;
    let mut needs = Vec::new();
    let mut missing = false;
    let d = day(app);
    let mut session = vec![if b.tested_on.is_none() {
        l.f(S::BToday, &[&d])
    } else {
        d.to_string()
    }];
    // A subcontracted item is tested by the other lab with its own instruments: only the test
    // date is recorded here, so nothing else is asked for.
    let subcontract = item
        .and_then(|i| app.data.order.as_ref()?.arrangements.get(&i.code))
        .and_then(|a| a.subcontract.as_ref());
    if let Some(sc) = subcontract {
        needs.push(l.f(S::BSubcontracted, &[&sc.lab]));
    }
    if let Some(n) = item.map(|i| &i.needs).filter(|_| subcontract.is_none()) {
        if let Some(k) = &n.instrument {
            needs.push(l.f(S::BKind, &[k]));
            match chosen(app, k) {
                Some(i) => {
                    let mut s = format!("{} {}", i.id, l.f(S::BUntil, &[&i.due_on(d)]));
                    if let Some(m) = mark(l, i, d) {
                        s.push_str(&format!(" {m}"));
                        missing = true;
                    }
                    session.push(s);
                }
                None => {
                    session.push(format!("{} {}", l.t(S::BInstrument), l.t(S::BNotSet)));
                    missing = true;
                }
            }
        }
        if let Some(r) = n.temperature {
            needs.push(format!("{} {r} ℃", l.t(S::BTempWord)));
            missing |= b.conditions.temperature.is_none();
        }
        if let Some(r) = n.humidity {
            needs.push(format!("{} {r} %RH", l.t(S::BHumWord)));
            missing |= b.conditions.humidity.is_none();
        }
    }
    if let Some(t) = b.conditions.temperature {
        session.push(format!("{t} ℃"));
    }
    if let Some(h) = b.conditions.humidity {
        session.push(format!("{h} %RH"));
    }
    if let Some(dev) = &b.deviation {
        session.push(format!("{}：{dev}", l.t(S::BDevWord)));
    }
    let key = app.keymap.key_of(Ctx::Results, Action::Bench);
    let first = if needs.is_empty() {
        l.t(S::BNeedsNothing).to_string()
    } else {
        l.f(S::BNeeds, &[&needs.join(" · ")])
    };
    let second = format!(
        "{}  {}",
        l.f(S::BSession, &[&session.join(" · ")]),
        l.f(S::BKey, &[&key])
    );
    [
        Line::styled(text::truncate(&first, width), widgets::dim()),
        Line::styled(
            text::truncate(&second, width),
            if missing {
                widgets::warn_style()
            } else {
                widgets::dim()
            },
        ),
    ]
}
