//! Laying out a sampling form on one A4 page of the certificate template: title and form
//! number, the task, the sampled unit, the labelled producer, the sample and sampling facts two
//! to a row, the samplers, and the two signature boxes (抽样人 / 受检单位) with date blanks.

use super::SamplingForm;
use crate::certificate::error::CertError;
use crate::certificate::layout::{draw_lines, Align, Flow, PageLayout, Row};
use crate::certificate::page_kit::{page_x_of_y, Kit};
use crate::certificate::render::Renderer;

/// Height of a signature box: room for a handwritten name and a seal.
const SIGN_BOX_H: f32 = 34.0;

/// Lay out the whole form.
pub fn layout(f: &SamplingForm, renderer: &Renderer) -> Result<Vec<PageLayout>, CertError> {
    let k = Kit::new(renderer.template(), renderer.font());
    let mut flow = k.flow();
    k.title(&mut flow, f.title, 1.6);
    flow.y += 1.0;
    draw_lines(
        &mut flow.current.draws,
        k.font,
        &[format!("抽样单编号：{}", f.form_number)],
        k.body,
        k.left,
        k.width,
        flow.y,
        Align::Center,
    );
    flow.y += k.body.line_h() + 3.0;
    k.top_line(&mut flow);

    let section = |title: &str| k.row(&[(title, k.width, Align::Left)]);
    let mut rows: Vec<Row> = vec![
        section("一、抽查任务"),
        k.full("任务名称", &f.task),
        // Broken by hand where a reader breaks it, not wherever the cell ends.
        k.full("组织监督\n抽查的部门", &f.authority),
        k.full("承检机构", &f.lab_name),
        k.pair(
            "委托单号",
            &f.order_number,
            "打印日期",
            &f.printed.format("%Y-%m-%d").to_string(),
        ),
        section("二、受检单位（被抽样单位）"),
    ];
    let [name, code, address] = &f.sampled_unit;
    rows.push(k.pair("单位名称", name, "统一社会信用代码", code));
    rows.push(k.full("单位地址", address));
    rows.push(section("三、标称生产者"));
    let [name, code, address] = &f.producer;
    rows.push(k.pair("生产者名称", name, "统一社会信用代码", code));
    rows.push(k.full("生产者地址", address));
    rows.push(section("四、样品与抽样"));
    rows.extend(k.kv_rows(&f.sample));
    rows.push(section("五、抽样人员与确认"));
    rows.push(k.full("抽样人员", &f.samplers));
    rows.push(k.full("受检单位确认人", &f.confirmed_by));
    for row in &rows {
        k.place(&mut flow, row)?;
    }
    signatures(&k, &mut flow)?;
    flow.y += 2.0;
    let note = "本抽样单由承检机构据登记的抽样记录打印并以实验室签名密钥签名；空白项以“/”表示。";
    let mut d = Vec::new();
    let h = k.text(&mut d, note, k.small, k.left, k.width, flow.y, Align::Left);
    if h > flow.remaining() {
        flow.new_page();
        let y = flow.y;
        k.text(
            &mut flow.current.draws,
            note,
            k.small,
            k.left,
            k.width,
            y,
            Align::Left,
        );
    } else {
        flow.current.draws.extend(d);
    }
    let mut pages = flow.finish();
    k.page_bands(
        &mut pages,
        &format!("抽样单编号：{}", f.form_number),
        page_x_of_y,
        &format!("{}  {}", f.lab_name, f.title),
        f.training,
    );
    Ok(pages)
}

/// 抽样人签字 and 受检单位签字（盖章） side by side, each with its date blank.
fn signatures(k: &Kit, flow: &mut Flow) -> Result<(), CertError> {
    let half = k.width / 2.0;
    let date = "日期：        年      月      日";
    let left = format!("抽样人签字：\n\n\n\n{date}");
    let right = format!("受检单位签字（盖章）：\n\n\n\n{date}");
    let row = Row::new(
        k.font,
        k.table,
        k.pad,
        SIGN_BOX_H,
        &[
            (left.as_str(), half, Align::Left),
            (right.as_str(), half, Align::Left),
        ],
    );
    k.place(flow, &row)
}
