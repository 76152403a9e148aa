//! `unilab order` and `unilab result`: registration, the sign-off steps, and result entry with
//! its bench facts (test date, instruments, conditions).

use std::collections::BTreeMap;

use anyhow::{anyhow, bail, Context as _};
use clap::{Args, Subcommand};

use super::context::{date_arg, decimal_arg, now, Context};
use super::CliResult;
use crate::decision::{DecisionRule, Uncertainty};
use crate::inspection::InspectionType;
use crate::model::bench::{BenchInput, Conditions};
use crate::model::Sample;
use crate::store::{ArrangementInput, MoreBasis, NewOrder, Registration};

#[derive(Args, Debug)]
pub struct NewOrderArgs {
    /// The standard edition (a spot check takes its task's).
    #[arg(long, default_value = "")]
    pub standard: String,
    #[arg(long, default_value = "")]
    pub grade: String,
    /// Size class where limits depend on it (e.g. d6-12).
    #[arg(long)]
    pub spec: Option<String>,
    /// commissioned, supervision, type, factory or licence.
    #[arg(long = "type")]
    pub inspection_type: String,
    /// Client's credit code.
    /// The client's credit code (a spot check's client is its task's organising authority
    /// unless one is named).
    #[arg(long, default_value = "")]
    pub client: String,
    #[arg(long)]
    pub producer: Option<String>,
    /// The sample's name (a spot check: the task's product when not given).
    #[arg(long, default_value = "")]
    pub sample: String,
    #[arg(long, default_value = "")]
    pub trademark: String,
    #[arg(long = "model-spec", default_value = "")]
    pub model_spec: String,
    #[arg(long, default_value = "")]
    pub batch: String,
    #[arg(long, default_value = "")]
    pub quantity: String,
    #[arg(long, default_value = "")]
    pub condition: String,
    #[arg(long = "sample-number", default_value = "")]
    pub sample_number: String,
    /// Items: for commissioned exactly the client's choice, otherwise added to the mandatory set.
    #[arg(long, value_delimiter = ',')]
    pub items: Vec<String>,
    /// Due date YYYY-MM-DD (default: a week after registration).
    #[arg(long)]
    pub due: Option<String>,
    #[arg(long, default_value = "")]
    pub deviations: String,
    #[arg(long, default_value = "")]
    pub remarks: String,
    /// Register under a withdrawn edition anyway.
    #[arg(long = "allow-withdrawn")]
    pub allow_withdrawn: bool,
    /// A further basis (判定依据): "CODE", "CODE|GRADE" or "CODE|GRADE|ITEM,ITEM" (repeatable).
    #[arg(long = "basis")]
    pub bases: Vec<String>,
    /// A value declared on the label (标明值): ITEM=VALUE, e.g. N=15 (repeatable).
    #[arg(long = "declared")]
    pub declared: Vec<String>,
    /// A measured or nominal dimension: NAME=VALUE, e.g. d=32 (repeatable).
    #[arg(long = "dimension")]
    pub dimensions: Vec<String>,
    /// Chemistry measured on the finished product (GB/T 222 allowances).
    #[arg(long = "product-analysis")]
    pub product_analysis: bool,
    /// This lab re-tests another lab's reserve sample (复检): the original report's number.
    #[arg(long = "retest-of", requires_all = ["original_lab", "reserve_seal"])]
    pub retest_of: Option<String>,
    /// The institution that did the first test.
    #[arg(long = "original-lab")]
    pub original_lab: Option<String>,
    /// The reserve sample's seal number as received.
    #[arg(long = "reserve-seal")]
    pub reserve_seal: Option<String>,
    /// The reserve sample's seal was found broken (the re-test is then refused).
    #[arg(long = "seal-broken")]
    pub seal_broken: bool,
    /// Why a blacklisted client or producer is accepted for this (commissioned) test.
    #[arg(long = "blacklist-reason")]
    pub blacklist_reason: Option<String>,
    /// The site (branch lab) the order is for; a user limited to a site registers for it.
    #[arg(long)]
    pub site: Option<String>,
    #[command(flatten)]
    pub sampling: SamplingArgs,
    /// The decision rule agreed with the client: simple or guard-band.
    #[arg(long, default_value = "simple")]
    pub rule: String,
}

/// `KEY=VALUE` pairs as exact decimals; `what` names the option in messages.
fn pairs(texts: &[String], what: &str) -> anyhow::Result<BTreeMap<String, rust_decimal::Decimal>> {
    let mut out = BTreeMap::new();
    for t in texts {
        let (k, v) = crate::store::parse_pair(t).map_err(|e| anyhow!("{what} {e}"))?;
        out.insert(k, v);
    }
    Ok(out)
}

/// A spot check's sampling record (抽样单), from the paper form.
#[derive(Args, Debug, Default)]
pub struct SamplingArgs {
    /// The supervision task (抽查任务) the sample was taken for.
    #[arg(long)]
    pub task: Option<String>,
    /// The sampled unit's credit code (受检单位).
    #[arg(long = "sampled-unit")]
    pub sampled_unit: Option<String>,
    /// At least two samplers, comma-separated ("陈抽样,林抽样").
    #[arg(long, value_delimiter = ',')]
    pub samplers: Vec<String>,
    #[arg(long = "sampling-date")]
    pub sampling_date: Option<String>,
    #[arg(long = "sampling-place")]
    pub sampling_place: Option<String>,
    /// 抽样基数, as on the form (200 t).
    #[arg(long = "lot-size")]
    pub lot_size: Option<String>,
    #[arg(long = "sample-quantity")]
    pub sample_quantity: Option<String>,
    #[arg(long = "reserve-quantity")]
    pub reserve_quantity: Option<String>,
    /// Where the reserve sample (备样) is kept.
    #[arg(long = "reserve-location")]
    pub reserve_location: Option<String>,
    /// The seal number on sampling.
    #[arg(long)]
    pub seal: Option<String>,
    /// The sampling form's own number.
    #[arg(long = "sampling-form")]
    pub sampling_form: Option<String>,
    /// Who confirmed the form for the sampled unit.
    #[arg(long = "confirmed-by")]
    pub confirmed_by: Option<String>,
}

/// The command-line flag of each entry of the sampling record, as the record names it.
const SAMPLING_FLAGS: [(&str, &str); 10] = [
    ("抽查任务", "--task"),
    ("至少两名抽样人员", "--samplers"),
    ("抽样日期", "--sampling-date"),
    ("抽样地点", "--sampling-place"),
    ("受检单位", "--sampled-unit"),
    ("抽样基数", "--lot-size"),
    ("抽样数量", "--sample-quantity"),
    ("备样数量", "--reserve-quantity"),
    ("备样存放地点", "--reserve-location"),
    ("封条编号", "--seal"),
];

impl SamplingArgs {
    /// Refuse before opening the store when the record is incomplete, naming each missing
    /// entry with its flag.
    fn check(&self) -> anyhow::Result<()> {
        let missing = self.input()?.missing();
        if missing.is_empty() {
            return Ok(());
        }
        let named: Vec<String> = missing
            .iter()
            .map(|(zh, _)| {
                let flag = SAMPLING_FLAGS
                    .iter()
                    .find(|(n, _)| n == zh)
                    .map_or("", |(_, f)| f);
                format!("{zh}（{flag}）")
            })
            .collect();
        bail!("监督抽查委托单须有抽样单；缺少：{}", named.join("、"))
    }

    fn input(&self) -> anyhow::Result<crate::model::sampling::SamplingInput> {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        Ok(crate::model::sampling::SamplingInput {
            task: text(&self.task),
            form_number: text(&self.sampling_form),
            samplers: self.samplers.clone(),
            date: self
                .sampling_date
                .as_deref()
                .map(|d| date_arg(d, "--sampling-date"))
                .transpose()?,
            place: text(&self.sampling_place),
            sampled_unit: text(&self.sampled_unit).trim().to_uppercase(),
            lot_size: text(&self.lot_size),
            sample_quantity: text(&self.sample_quantity),
            reserve_quantity: text(&self.reserve_quantity),
            reserve_location: text(&self.reserve_location),
            seal: text(&self.seal),
            confirmed_by: text(&self.confirmed_by),
        })
    }
}

/// The issue-11 part of `order new`.
fn registration(a: &NewOrderArgs) -> anyhow::Result<Registration> {
    let more_bases = a.bases.iter().map(|b| MoreBasis::parse(b)).collect();
    Ok(Registration {
        more_bases,
        rule: DecisionRule::parse(&a.rule).map_err(|e| anyhow!(e))?,
        dimensions: pairs(&a.dimensions, "--dimension")?,
        declared: pairs(&a.declared, "--declared")?,
        product_analysis: a.product_analysis,
        sampling: (a.inspection_type.parse::<InspectionType>().ok()
            == Some(InspectionType::Supervision))
        .then(|| a.sampling.input())
        .transpose()?,
        blacklist_reason: a.blacklist_reason.clone(),
        retest_of: a
            .retest_of
            .as_ref()
            .map(|report| crate::model::sampling::RetestOf {
                institution: a.original_lab.clone().unwrap_or_default(),
                report: report.clone(),
                seal: a.reserve_seal.clone().unwrap_or_default(),
                seal_intact: !a.seal_broken,
            }),
        site: a.site.clone(),
    })
}

#[derive(Subcommand, Debug)]
pub enum OrderCommand {
    /// Register an order; prints its number as the last line.
    New(Box<NewOrderArgs>),
    Show {
        order: String,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
        /// Only this site's orders (`-` for the lab's own).
        #[arg(long)]
        site: Option<String>,
    },
    /// The sample arrived: its date, state on receipt and seal (defaults: today, the state
    /// registered with the order, no seal).
    Receive {
        order: String,
        /// The day the sample came in (YYYY-MM-DD).
        #[arg(long)]
        date: Option<String>,
        /// The sample's state on receipt (样品状态).
        #[arg(long)]
        state: Option<String>,
        /// Seal number and state (封样完好，封条 F-0123).
        #[arg(long)]
        seal: Option<String>,
        /// Where the sample is put (样品室 A-01).
        #[arg(long)]
        place: Option<String>,
    },
    /// The checker's step (校核): a second technician checks the raw record; needed before
    /// the order may be submitted for review.
    Check { order: String },
    /// Record a deviation from the method for one item (approved by a signatory).
    Deviation {
        order: String,
        item: String,
        #[arg(long)]
        text: String,
    },
    /// Record that an item is subcontracted (approved by a signatory).
    Subcontract {
        order: String,
        item: String,
        /// The subcontracting lab's name.
        #[arg(long)]
        lab: String,
        /// Its CMA or CNAS accreditation number.
        #[arg(long)]
        accreditation: String,
    },
    /// Approve an item's deviation or subcontract (authorised signatory).
    ApproveArrangement { order: String, item: String },
    /// Submit the results for review (needs every item).
    Submit { order: String },
    /// Review: accept, or reject with a reason.
    Review {
        order: String,
        #[arg(long, conflicts_with = "reject")]
        accept: bool,
        #[arg(long, requires = "reason")]
        reject: bool,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Approve (批准) as authorised signatory.
    Approve { order: String },
    /// Send back from approval to testing.
    Reject {
        order: String,
        #[arg(long)]
        reason: String,
    },
    /// Reopen an issued order to correct its report (an amendment follows).
    Reopen {
        order: String,
        #[arg(long)]
        reason: String,
    },
}

pub fn order(c: OrderCommand, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    // Only writes take the record clock (reading works whatever UNILAB_NOW says).
    let t = || now(&store);
    match c {
        OrderCommand::New(a) => {
            let actor = ctx.actor(&store)?;
            let catalog = ctx.catalog()?;
            let inspection_type: InspectionType =
                a.inspection_type.parse().map_err(|e: String| anyhow!(e))?;
            let due = a
                .due
                .as_deref()
                .map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d"))
                .transpose()
                .context("--due 应为 YYYY-MM-DD")?;
            let reg = registration(&a)?;
            if inspection_type == InspectionType::Supervision {
                a.sampling.check()?;
            } else {
                let missing: Vec<&str> = [
                    ("--standard", &a.standard),
                    ("--grade", &a.grade),
                    ("--client", &a.client),
                    ("--sample", &a.sample),
                ]
                .iter()
                .filter(|(_, v)| v.trim().is_empty())
                .map(|(f, _)| *f)
                .collect();
                if !missing.is_empty() {
                    bail!("登记委托单须给出 {}", missing.join("、"));
                }
            }
            let new = NewOrder {
                inspection_type,
                client: a.client.trim().to_uppercase(),
                producer: a.producer.map(|p| p.trim().to_uppercase()),
                sample: Sample {
                    name: a.sample,
                    trademark: a.trademark,
                    model_spec: a.model_spec,
                    batch: a.batch,
                    quantity: a.quantity,
                    condition: a.condition,
                    sample_number: a.sample_number,
                },
                standard: a.standard,
                grade: a.grade,
                spec: a.spec,
                items: a
                    .items
                    .into_iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
                due,
                deviations: a.deviations,
                remarks: a.remarks,
                allow_withdrawn: a.allow_withdrawn,
            };
            let order = store.register_order_with(&actor, &catalog, &new, &reg, t()?)?;
            let codes: Vec<String> = order
                .items
                .iter()
                .map(|i| {
                    if i.mandatory {
                        format!("{}*", i.code)
                    } else {
                        i.code.clone()
                    }
                })
                .collect();
            say!("项目（* 为必检）：{}", codes.join(" "));
            say!("{}", order.number);
        }
        OrderCommand::Show { order, json } => {
            let o = store.order(&order)?;
            let flags = store.instrument_flags(&o)?;
            if json {
                say!("{}", super::order_view::order_json(&o, &flags));
            } else {
                say_raw!("{}", super::order_view::order_text(&o, &flags));
            }
        }
        OrderCommand::List { json, site } => {
            let mut rows = store.order_summaries()?;
            if let Some(code) = site {
                let want = (code != "-").then_some(code);
                rows.retain(|r| r.site == want);
            }
            if json {
                say!("{}", serde_json::to_string(&rows)?);
            } else {
                for r in rows {
                    say!(
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        r.number,
                        r.status.zh(),
                        r.inspection_type.zh(),
                        r.client,
                        r.sample,
                        r.standard
                    );
                }
            }
        }
        OrderCommand::Receive {
            order,
            date,
            state,
            seal,
            place,
        } => {
            let input = crate::model::custody::ReceiptInput {
                date: date.as_deref().map(|d| date_arg(d, "--date")).transpose()?,
                state,
                seal,
                place,
            };
            let o = store.receive_with(&ctx.actor(&store)?, &order, &input, None, t()?)?;
            say!("{} {}", o.number, o.status.zh());
        }
        OrderCommand::Check { order } => {
            let o = store.check_order(&ctx.actor(&store)?, &order, None, t()?)?;
            say!("{} 已校核", o.number);
        }
        OrderCommand::Deviation { order, item, text } => {
            let input = ArrangementInput::Deviation(text);
            store.set_arrangement(&ctx.actor(&store)?, &order, &item, &input, t()?)?;
            say!("{order} {item} 已记录偏离，待批准");
        }
        OrderCommand::Subcontract {
            order,
            item,
            lab,
            accreditation,
        } => {
            let input = ArrangementInput::Subcontract { lab, accreditation };
            store.set_arrangement(&ctx.actor(&store)?, &order, &item, &input, t()?)?;
            say!("{order} {item} 已记录分包，待批准");
        }
        OrderCommand::ApproveArrangement { order, item } => {
            store.approve_arrangement(&ctx.actor(&store)?, &order, &item, t()?)?;
            say!("{order} {item} 的偏离/分包已批准");
        }
        OrderCommand::Submit { order } => {
            let o = store.submit(&ctx.actor(&store)?, &order, None, t()?)?;
            say!("{} {}", o.number, o.status.zh());
        }
        OrderCommand::Review {
            order,
            accept,
            reject,
            reason,
        } => {
            if accept == reject {
                bail!("请给出 --accept 或 --reject --reason …");
            }
            let o = store.review(
                &ctx.actor(&store)?,
                &order,
                accept,
                reason.as_deref(),
                None,
                t()?,
            )?;
            say!("{} {}", o.number, o.status.zh());
        }
        OrderCommand::Approve { order } => {
            let o = store.approve(&ctx.actor(&store)?, &order, None, t()?)?;
            say!("{} {}", o.number, o.status.zh());
        }
        OrderCommand::Reject { order, reason } => {
            let o =
                store.reject_approval(&ctx.actor(&store)?, &order, Some(&reason), None, t()?)?;
            say!("{} {}", o.number, o.status.zh());
        }
        OrderCommand::Reopen { order, reason } => {
            let o = store.reopen(&ctx.actor(&store)?, &order, Some(&reason), t()?)?;
            say!("{} {}", o.number, o.status.zh());
        }
    }
    Ok(())
}

#[derive(Subcommand, Debug)]
pub enum ResultCommand {
    /// Enter the value(s) of one item (one per specimen).
    Set {
        order: String,
        item: String,
        #[arg(required = true, allow_negative_numbers = true)]
        values: Vec<String>,
        /// Why a value is changed (needed when the item already has one).
        #[arg(long)]
        reason: Option<String>,
        /// Expanded uncertainty U (k = 2) of these values, for a guard-band rule (0.10 or 5%).
        #[arg(long)]
        uncertainty: Option<String>,
        /// Instrument(s) used, by equipment id (repeatable); in calibration on the test date.
        #[arg(long = "instrument")]
        instruments: Vec<String>,
        /// The day of the test (YYYY-MM-DD), or its first day; today when not given.
        #[arg(long = "tested-on")]
        tested_on: Option<String>,
        /// The last day of a test that runs over several days (YYYY-MM-DD).
        #[arg(long = "tested-until")]
        tested_until: Option<String>,
        /// Room temperature during the test, ℃.
        #[arg(long, allow_negative_numbers = true)]
        temperature: Option<String>,
        /// Relative humidity during the test, %.
        #[arg(long)]
        humidity: Option<String>,
        /// Why conditions outside the method's range are acceptable (a deviation to approve).
        #[arg(long)]
        deviation: Option<String>,
    },
}

pub fn result(c: ResultCommand, ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    let ResultCommand::Set {
        order,
        item,
        values,
        reason,
        uncertainty,
        instruments,
        tested_on,
        tested_until,
        temperature,
        humidity,
        deviation,
    } = c;
    let bench = BenchInput {
        tested_on: tested_on
            .as_deref()
            .map(|d| date_arg(d, "--tested-on"))
            .transpose()?,
        tested_until: tested_until
            .as_deref()
            .map(|d| date_arg(d, "--tested-until"))
            .transpose()?,
        instruments,
        conditions: Conditions {
            temperature: temperature
                .as_deref()
                .map(|t| decimal_arg(t, "--temperature"))
                .transpose()?,
            humidity: humidity
                .as_deref()
                .map(|h| decimal_arg(h, "--humidity"))
                .transpose()?,
        },
        deviation,
    };
    let uncertainty = uncertainty
        .as_deref()
        .map(Uncertainty::parse)
        .transpose()
        .map_err(|e| anyhow!("--uncertainty：{e}"))?;
    let actor = ctx.actor(&store)?;
    let o = store.enter_result_with(
        &actor,
        &order,
        &item,
        &values,
        uncertainty,
        &bench,
        reason.as_deref(),
        None,
        now(&store)?,
    )?;
    let outcome = o.outcomes().into_iter().find(|x| x.code == item);
    if let Some(j) = outcome.and_then(|x| x.judgement) {
        say!("{item} 检验结果 {}  单项判定 {}", j.reported, j.verdict);
    }
    Ok(())
}
