//! Laying out a task summary: title, the task, the figures as a one-row grid with the rounding
//! stated under it, the failing items (table and bar chart), the failing enterprises, and the
//! lab's sign-off with the print time; the task number and 第 x 页 共 y 页 on every page.

use super::{chart, TaskSummary, TITLE};
use crate::certificate::error::CertError;
use crate::certificate::layout::{draw_lines, Align, Flow, PageLayout, Row};
use crate::certificate::page_kit::{page_x_of_y, Kit};
use crate::certificate::render::Renderer;

/// 序号 | 项目代号 | 项目名称 | 不合格批次.
const ITEM_COLUMNS: [f32; 4] = [0.1, 0.2, 0.5, 0.2];
/// 序号 | 受检单位 | 标称生产者 | 委托单号 / 报告编号 | 不合格项目; an enterprise's credit code
/// on its own line under its name, in a column wide enough for the 18 characters.
const FIRM_COLUMNS: [f32; 5] = [0.06, 0.25, 0.25, 0.2, 0.24];

/// Lay out the whole summary.
pub fn layout(s: &TaskSummary, renderer: &Renderer) -> Result<Vec<PageLayout>, CertError> {
    let k = Kit::new(renderer.template(), renderer.font());
    let mut flow = k.flow();
    k.title(&mut flow, TITLE, 1.6);
    flow.y += 3.0;

    heading(&k, &mut flow, "一、抽查任务");
    k.top_line(&mut flow);
    for row in k.kv_rows(&s.facts) {
        k.place(&mut flow, &row)?;
    }

    heading(&k, &mut flow, "二、检验情况");
    k.top_line(&mut flow);
    let parts = vec![1.0 / s.figures.len().max(1) as f32; s.figures.len()];
    let labels: Vec<&str> = s.figures.iter().map(|(l, _)| *l).collect();
    let values: Vec<&str> = s.figures.iter().map(|(_, v)| v.as_str()).collect();
    k.place(&mut flow, &k.grid_row(&parts, &labels, &[]))?;
    k.place(&mut flow, &k.grid_row(&parts, &values, &[]))?;
    k.place(&mut flow, &k.full("说明", &s.rounding))?;

    heading(&k, &mut flow, "三、不合格项目");
    k.top_line(&mut flow);
    let head = k.grid_row(
        &ITEM_COLUMNS,
        &["序号", "项目代号", "项目名称", "不合格批次"],
        &[2],
    );
    let rows: Vec<Row> = s
        .failing_items
        .iter()
        .enumerate()
        .map(|(i, (code, name, count))| {
            k.grid_row(
                &ITEM_COLUMNS,
                &[&(i + 1).to_string(), code, name, &count.to_string()],
                &[2],
            )
        })
        .collect();
    table(&k, &mut flow, &head, &rows)?;
    if !s.failing_items.is_empty() {
        // Most frequent first (the report's order), as many as one page holds.
        let shown = s.failing_items.len().min(chart::bars_per_page(&k));
        let bars: Vec<(String, u32)> = s
            .failing_items
            .iter()
            .take(shown)
            .map(|(code, name, count)| (format!("{code} {name}"), *count))
            .collect();
        let title = if shown < s.failing_items.len() {
            format!("不合格项目分布（不合格批次，前 {shown} 项）")
        } else {
            "不合格项目分布（不合格批次）".to_string()
        };
        let h = chart::height(&k, bars.len());
        if h + 4.0 > flow.remaining() {
            flow.new_page();
        }
        flow.y += 4.0;
        chart::draw(&k, &mut flow, &title, &bars);
    }

    heading(&k, &mut flow, "四、不合格企业");
    k.top_line(&mut flow);
    let head = k.grid_row(
        &FIRM_COLUMNS,
        &[
            "序号",
            "受检单位（统一社会信用代码）",
            "标称生产者",
            "委托单号 / 报告编号",
            "不合格项目",
        ],
        &[],
    );
    let rows: Vec<Row> = s
        .failing_enterprises
        .iter()
        .enumerate()
        .map(|(i, e)| {
            k.grid_row(
                &FIRM_COLUMNS,
                &[
                    &(i + 1).to_string(),
                    &format!("{}\n{}", e.sampled_unit, e.credit_code),
                    &e.producer,
                    &format!("{}\n{}", e.order, e.report),
                    &e.items,
                ],
                &[1, 2, 4],
            )
        })
        .collect();
    table(&k, &mut flow, &head, &rows)?;

    signoff(&k, &mut flow, s);
    let mut pages = flow.finish();
    k.page_bands(
        &mut pages,
        &format!("任务编号：{}", s.task),
        page_x_of_y,
        &format!("{}  {TITLE}", s.lab_name),
        s.training,
    );
    Ok(pages)
}

/// A section heading in the body style, kept with at least a few lines of what follows.
pub(crate) fn heading(k: &Kit, flow: &mut Flow, text: &str) {
    let need = k.body.line_h() + 3.0 * k.min_h();
    if need > flow.remaining() {
        flow.new_page();
    }
    flow.y += 3.0;
    draw_lines(
        &mut flow.current.draws,
        k.font,
        &[text.to_string()],
        k.body,
        k.left,
        k.width,
        flow.y,
        Align::Left,
    );
    flow.y += k.body.line_h() + 1.0;
}

/// A grid table whose header is repeated on every page it runs onto; "无" when it is empty.
pub(crate) fn table(k: &Kit, flow: &mut Flow, head: &Row, rows: &[Row]) -> Result<(), CertError> {
    k.place(flow, head)?;
    if rows.is_empty() {
        return k.place(flow, &k.row(&[("无", k.width, Align::Center)]));
    }
    for row in rows {
        k.place_with(flow, row, 10.0 + head.height, |f| k.draw_row(f, head))?;
    }
    Ok(())
}

/// The lab, the print time and the signature note, at the right.
fn signoff(k: &Kit, flow: &mut Flow, s: &TaskSummary) {
    let lines = vec![
        format!("承检机构：{}", s.lab_name),
        format!("签发时间：{}", s.printed.format("%Y-%m-%d %H:%M UTC")),
        "本汇总以实验室签名密钥签名".to_string(),
    ];
    let h = lines.len() as f32 * k.body.line_h() + 8.0;
    if h > flow.remaining() {
        flow.new_page();
    }
    let right_w = 100.0_f32.min(k.width);
    draw_lines(
        &mut flow.current.draws,
        k.font,
        &lines,
        k.body,
        k.left + k.width - right_w,
        right_w,
        flow.y + 6.0,
        Align::Left,
    );
    flow.y += h;
}
