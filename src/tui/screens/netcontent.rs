//! Net content of pre-packaged goods (JJF 1070): nominal quantity, batch size and the sample's
//! values; T, n, the counts, the mean, λ·s and the verdict update as the values arrive.

use std::str::FromStr;

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::Frame;
use rust_decimal::Decimal;

use crate::netcontent::{
    count_short, decide, mean, sampling_plan, tolerable_shortage, NetContentDecision, QuantityUnit,
    SamplingPlan,
};
use crate::number::parse_decimal;
use crate::tui::app::{App, Effect, Screen};
use crate::tui::i18n::S;
use crate::tui::keymap::Action;
use crate::tui::widgets::{self, text, TextInput};

const UNITS: [&str; 7] = ["g", "kg", "mL", "L", "m", "m2", "count"];

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Calc {
    pub t: Option<Decimal>,
    pub plan: Option<SamplingPlan>,
    pub over_t: usize,
    pub over_2t: usize,
    pub mean: Option<Decimal>,
    pub decision: Option<NetContentDecision>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct NetState {
    pub nominal: TextInput,
    pub unit: usize,
    pub batch: TextInput,
    pub value: TextInput,
    pub values: Vec<Decimal>,
    /// 0 nominal, 1 unit, 2 batch, 3 value.
    pub focus: usize,
    pub calc: Calc,
}

impl NetState {
    pub fn text_focus(&self) -> bool {
        self.focus != 1
    }

    fn input(&mut self) -> Option<&mut TextInput> {
        match self.focus {
            0 => Some(&mut self.nominal),
            2 => Some(&mut self.batch),
            3 => Some(&mut self.value),
            _ => None,
        }
    }
}

fn recalc(s: &mut NetState) {
    let mut c = Calc::default();
    let unit = QuantityUnit::from_str(UNITS[s.unit % UNITS.len()]).unwrap_or(QuantityUnit::Gram);
    let nominal = parse_decimal(s.nominal.value().trim()).ok();
    if let Some(q) = nominal {
        match tolerable_shortage(q, unit) {
            Ok(t) => c.t = Some(t),
            Err(e) => c.error = Some(e),
        }
    }
    if let Ok(n) = s.batch.value().trim().parse::<u64>() {
        match sampling_plan(n) {
            Ok(p) => c.plan = Some(p),
            Err(e) => c.error = Some(e),
        }
    }
    if let (Some(q), Some(t)) = (nominal, c.t) {
        match count_short(q, t, &s.values) {
            Ok((over_t, over_2t)) => (c.over_t, c.over_2t) = (over_t, over_2t),
            Err(e) => c.error = Some(e),
        }
    }
    if !s.values.is_empty() {
        match mean(&s.values) {
            Ok(m) => c.mean = Some(m),
            Err(e) => c.error = Some(e),
        }
    }
    if let (Some(q), Some(p), Ok(n)) = (nominal, c.plan, s.batch.value().trim().parse::<u64>()) {
        if s.values.len() == p.sample_size {
            match decide(q, unit, n, &s.values) {
                Ok(d) => c.decision = Some(d),
                Err(e) => c.error = Some(e),
            }
        }
    }
    s.calc = c;
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let s = &mut app.net;
    match action {
        Action::NextField => s.focus = (s.focus + 1) % 4,
        Action::PrevField => s.focus = (s.focus + 3) % 4,
        Action::Left if s.focus == 1 => s.unit = (s.unit + UNITS.len() - 1) % UNITS.len(),
        Action::Right if s.focus == 1 => s.unit = (s.unit + 1) % UNITS.len(),
        Action::Left | Action::Right => {
            let k = crossterm::event::KeyEvent::from(if action == Action::Left {
                crossterm::event::KeyCode::Left
            } else {
                crossterm::event::KeyCode::Right
            });
            if let Some(i) = s.input() {
                i.edit(&k);
            }
        }
        Action::Edit(k) => {
            if s.focus == 3 && k.code == crossterm::event::KeyCode::Backspace && s.value.is_empty()
            {
                s.values.pop();
            } else if let Some(i) = s.input() {
                i.edit(&k);
            }
        }
        Action::Submit => {
            if s.focus == 3 {
                // Several values may be pasted or typed at once, separated by spaces or `;`.
                // A comma is never a separator: `499,8` is a decimal comma, refused like on
                // the results screen rather than read as two values. All or nothing: one bad
                // value adds none and the typed text stays for correcting.
                let typed = s.value.value().to_string();
                let parsed: Result<Vec<_>, _> = typed
                    .split([' ', ';', '；', '\u{3000}'])
                    .filter(|p| !p.trim().is_empty())
                    .map(|p| parse_decimal(p.trim()))
                    .collect();
                match parsed {
                    Ok(values) => {
                        s.values.extend(values);
                        s.value.clear();
                    }
                    Err(e) => app.error(e.msg().text(app.lang.english()).to_string()),
                }
            } else {
                s.focus = (s.focus + 1) % 4;
            }
        }
        Action::Clear => {
            s.values.clear();
            s.value.clear();
        }
        Action::Back => app.screen = Screen::Queue,
        _ => {}
    }
    recalc(&mut app.net);
    Vec::new()
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let s = &app.net;
    let l = app.lang;
    let label_w = 26u16;
    let under = Style::default().add_modifier(Modifier::UNDERLINED);
    let row = |i: u16| Rect {
        x: area.x,
        y: area.y + i,
        width: area.width,
        height: 1,
    };
    let labels = [S::NNominal, S::NUnit, S::NBatch, S::NValue];
    for (i, lab) in labels.iter().enumerate() {
        let r = row(i as u16);
        let st = if s.focus == i {
            widgets::focus_style()
        } else {
            Style::default()
        };
        frame.render_widget(Line::styled(text::pad(l.t(*lab), label_w as usize), st), r);
        let field = Rect {
            x: r.x + label_w,
            width: 24.min(r.width.saturating_sub(label_w)),
            ..r
        };
        match i {
            1 => {
                let mut spans = Vec::new();
                for (j, u) in UNITS.iter().enumerate() {
                    let st = if j == s.unit {
                        widgets::selected_style()
                    } else {
                        Style::default()
                    };
                    spans.push(Span::styled(format!(" {u} "), st));
                }
                frame.render_widget(
                    Line::from(spans),
                    Rect {
                        width: r.width.saturating_sub(label_w),
                        ..field
                    },
                );
            }
            _ => {
                let input = match i {
                    0 => &s.nominal,
                    2 => &s.batch,
                    _ => &s.value,
                };
                frame.render_widget(Line::styled(" ".repeat(field.width as usize), under), field);
                input.render(frame, field, under, s.focus == i && app.popup.is_none());
            }
        }
    }
    let c = &s.calc;
    let n = c.plan.map(|p| p.sample_size);
    let unit = UNITS[s.unit % UNITS.len()];
    // Values entered so far, in rows.
    let entered = l.f(
        S::NValues,
        &[
            &s.values.len(),
            &n.map(|n| n.to_string()).unwrap_or("?".into()),
        ],
    );
    frame.render_widget(Line::styled(entered, widgets::header_style()), row(5));
    let vals: Vec<String> = s.values.iter().map(|v| v.to_string()).collect();
    let wrapped = text::wrap(&vals.join("  "), area.width as usize);
    let shown = wrapped.len().min(4);
    for (i, line) in wrapped.iter().rev().take(shown).rev().enumerate() {
        frame.render_widget(Line::from(line.clone()), row(6 + i as u16));
    }
    let y0 = 11u16;
    let fmt = |d: Option<Decimal>, dp: u32| {
        d.map(|d| format!("{} {unit}", d.round_dp(dp).normalize()))
            .unwrap_or_else(|| "—".into())
    };
    let allowed = c
        .plan
        .map(|p| l.f(S::NAllowed, &[&p.allowed_over_t]))
        .unwrap_or_default();
    let d = c.decision.as_ref();
    let facts = [
        (S::NT, fmt(c.t, 3)),
        (S::Nn, n.map(|n| n.to_string()).unwrap_or("—".into())),
        (S::NOverT, format!("{} {allowed}", c.over_t)),
        (
            S::NOver2T,
            format!("{} {}", c.over_2t, l.f(S::NAllowed, &[&0])),
        ),
        (S::NMean, fmt(c.mean, 2)),
        (S::NStd, fmt(d.map(|d| d.std_dev), 3)),
        (S::NLambdaS, fmt(d.and_then(|d| d.lambda_s), 3)),
        (S::NMeanLimit, fmt(d.and_then(|d| d.mean_limit), 2)),
    ];
    let half = area.width / 2;
    for (i, (lab, v)) in facts.iter().enumerate() {
        let r = row(y0 + (i / 2) as u16);
        let x = if i % 2 == 0 { r.x } else { r.x + half };
        let cell = format!("{}：{v}", l.t(*lab));
        frame.render_widget(
            Line::from(text::truncate(&cell, half as usize - 1)),
            Rect {
                x,
                width: half,
                ..r
            },
        );
    }
    let vr = row(y0 + 5);
    let verdict = match (d, &c.error, n) {
        (_, Some(e), _) => Line::styled(
            text::truncate(e, area.width as usize),
            widgets::error_style(),
        ),
        (Some(d), _, _) if d.pass => Line::styled(
            l.t(S::NPass),
            widgets::ok_style().add_modifier(Modifier::BOLD),
        ),
        (Some(d), _, _) => Line::styled(
            text::truncate(
                &format!("{}：{}", l.t(S::NFail), d.failures.join("；")),
                area.width as usize,
            ),
            widgets::error_style(),
        ),
        (None, None, Some(n)) if s.values.len() > n => {
            Line::styled(l.f(S::NTooMany, &[&n]), widgets::warn_style())
        }
        (None, None, Some(n)) => {
            Line::styled(l.f(S::NWaiting, &[&(n - s.values.len())]), widgets::dim())
        }
        (None, None, None) => Line::styled("", widgets::dim()),
    };
    if vr.y < area.y + area.height {
        frame.render_widget(verdict, vr);
    }
}
