//! The enterprise page's forms for its quality file: a licence (`l`), taking one off (`L`)
//! and a complaint (`t`).
//! Each turns into one store write; a date that cannot be read is said in the form.

use chrono::NaiveDate;

use super::records::RecordPrompt;
use super::{Check, Field, Popup, Prompt, PromptKind};
use crate::model::quality_file::{ComplaintInput, LicenceInput, LicenceKind};
use crate::tui::app::{App, Effect};
use crate::tui::i18n_file::Q;
use crate::tui::record_effects::RecordEffect;

fn open(app: &mut App, kind: RecordPrompt, title: String, fields: Vec<Field>) {
    app.popup = Some(Popup::Prompt(Prompt::new(
        PromptKind::Record(kind),
        title,
        fields,
    )));
}

pub fn licence(app: &mut App, code: &str) {
    let l = app.lang;
    let kinds = LicenceKind::ALL
        .iter()
        .map(|k| if l.english() { k.en() } else { k.zh() }.to_string())
        .collect();
    let fields = vec![
        Field::Choice {
            label: Q::Kind.t(l).to_string(),
            options: kinds,
            sel: 0,
        },
        Field::text(Q::Number.t(l), Check::Required),
        Field::text(Q::Scope.t(l), Check::None),
        Field::text(Q::Issued.t(l), Check::None),
        Field::text(Q::Until.t(l), Check::None),
    ];
    let title = Q::LicenceTitle.f(l, &[&code]);
    open(app, RecordPrompt::Licence(code.to_string()), title, fields);
}

/// Choose a licence held and say why it comes off the file; said when none is held.
pub fn remove_licence(app: &mut App, code: &str) {
    let l = app.lang;
    let held: Vec<(String, String)> = app
        .data
        .enterprise(code)
        .map(|e| {
            e.quality
                .licences
                .iter()
                .filter(|x| x.removed.is_none())
                .map(|x| {
                    let kind = if l.english() {
                        x.kind.en()
                    } else {
                        x.kind.zh()
                    };
                    (x.number.clone(), format!("{kind} {}", x.number))
                })
                .collect()
        })
        .unwrap_or_default();
    if held.is_empty() {
        app.info(Q::NoneHeld.t(l));
        return;
    }
    let (numbers, options): (Vec<String>, Vec<String>) = held.into_iter().unzip();
    let fields = vec![
        Field::Choice {
            label: Q::RemoveWhich.t(l).to_string(),
            options,
            sel: 0,
        },
        Field::text(Q::RemoveReason.t(l), Check::Required),
    ];
    let title = Q::RemoveTitle.f(l, &[&code]);
    open(
        app,
        RecordPrompt::RemoveLicence(code.to_string(), numbers),
        title,
        fields,
    );
}

pub fn complaint(app: &mut App, code: &str) {
    let l = app.lang;
    let mut received = Field::text(Q::Received.t(l), Check::Required);
    if let Field::Text { input, .. } = &mut received {
        input.set(&app.today().to_string());
    }
    let fields = vec![
        received,
        Field::text(Q::From.t(l), Check::Required),
        Field::text(Q::Text.t(l), Check::Required),
        Field::text(Q::Order.t(l), Check::None),
    ];
    let title = Q::ComplaintTitle.f(l, &[&code]);
    open(
        app,
        RecordPrompt::Complaint(code.to_string()),
        title,
        fields,
    );
}

fn date(app: &App, text: &str) -> Result<Option<NaiveDate>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    text.trim()
        .parse()
        .map(Some)
        .map_err(|_| Q::BadDate.f(app.lang, &[&text]))
}

fn sel(p: &Prompt, i: usize) -> usize {
    match p.fields.get(i) {
        Some(Field::Choice { sel, .. }) => *sel,
        _ => 0,
    }
}

pub fn submit_licence(app: &App, p: &Prompt, code: &str) -> Result<Vec<Effect>, String> {
    let input = LicenceInput {
        kind: LicenceKind::ALL
            .get(sel(p, 0))
            .copied()
            .unwrap_or(LicenceKind::Other),
        number: p.text(1),
        scope: p.text(2),
        issued: date(app, &p.text(3))?,
        valid_until: date(app, &p.text(4))?,
    };
    Ok(vec![Effect::Record(Box::new(RecordEffect::AddLicence {
        code: code.to_string(),
        input,
    }))])
}

pub fn submit_complaint(app: &App, p: &Prompt, code: &str) -> Result<Vec<Effect>, String> {
    let received = date(app, &p.text(0))?.ok_or_else(|| Q::BadDate.f(app.lang, &[&""]))?;
    let order = p.text(3);
    let input = ComplaintInput {
        received,
        from: p.text(1),
        text: p.text(2),
        order: (!order.is_empty()).then_some(order),
    };
    Ok(vec![Effect::Record(Box::new(
        RecordEffect::RecordComplaint {
            code: code.to_string(),
            input,
        },
    ))])
}

pub fn submit_removal(p: &Prompt, code: &str, numbers: &[String]) -> Vec<Effect> {
    let Some(number) = numbers.get(sel(p, 0)) else {
        return Vec::new();
    };
    vec![Effect::Record(Box::new(RecordEffect::RemoveLicence {
        code: code.to_string(),
        number: number.clone(),
        reason: p.text(1),
    }))]
}
