#!/usr/bin/env python3
"""How many times faster Unilab renders and signs a certificate than WeasyPrint renders the same
content (the comparison quoted in issue 15 and the README).

Usage (in the same window, nothing else running):
    cargo bench --bench core -- 'certificate render \\+ sign'      # our median, e.g. 8.7 ms
    ./target/release/unilab bench --certificate-content > content.json
    python3 benches/weasyprint_ratio.py content.json --ours-ms 8.7

The HTML holds what our certificate holds — cover, information table, statement, the 20-row
results table with its header repeated on each page — in the same bundled font, A4 with the same
margins. WeasyPrint is timed from HTML string to PDF bytes (no signature: that only flatters it),
median of --runs after one warm-up render that pays for loading the font.
"""
import argparse
import html
import json
import os
import statistics
import time

from weasyprint import HTML

HERE = os.path.dirname(os.path.abspath(__file__))
FONT = os.path.join(HERE, "..", "report-templates", "fonts", "wqy-microhei.ttc")


def esc(s):
    return html.escape(str(s))


def page_html(c):
    rows = "".join(
        f"<tr><td>{r['seq']}{'*' if r.get('subcontracted') else ''}</td><td>{esc(r['item'])}</td>"
        f"<td>{esc(r['unit'])}</td><td>{esc(r['requirement'])}</td><td>{esc(r['result'])}</td>"
        f"<td>{esc(r['verdict'])}</td><td>{esc(r['method'])}</td></tr>"
        for r in c["rows"]
    )
    s = c["sample"]
    info = [
        ("样品名称", s["name"]), ("商标", s["trademark"]), ("规格型号", s["model_spec"]),
        ("生产日期/批号", s["batch_or_date"]), ("样品编号", s["sample_number"]),
        ("样品数量", s["quantity"]), ("样品状态", s["condition"]),
        ("委托单位", c["client"]["name"]), ("委托单位地址", c["client"]["address"]),
        ("统一社会信用代码", c["client"]["credit_code"]), ("生产单位", c["producer"]["name"]),
        ("生产单位地址", c["producer"]["address"]), ("检验类别", c["inspection_type"]),
        ("委托单号", c["order_number"]), ("检验依据", "；".join(c["method_standards"])),
        ("判定依据", c["product_standard"]), ("检验结论", c["conclusion"]),
        ("备注", c["remarks"]),
    ]
    info_rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in info)
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
@font-face {{ font-family: lab; src: url("file://{FONT}"); }}
@page {{ size: A4; margin: 15mm 20mm;
  @top-left {{ content: "报告编号：{esc(c['report_number'])}"; font: 8pt lab; }}
  @top-right {{ content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font: 8pt lab; }} }}
body {{ font: 10.5pt/1.35 lab; }}
h1 {{ font-size: 36pt; text-align: center; margin-top: 45mm; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border: 0.5pt solid black; padding: 1.3mm; font-size: 9pt; }}
thead {{ display: table-header-group; }}
.cover {{ page-break-after: always; text-align: center; }}
.statement {{ page-break-after: always; border: 0.5pt solid black; padding: 3mm; }}
</style></head><body>
<div class="cover"><h1>检验报告</h1><p>报告编号：{esc(c['report_number'])}</p>
<p>样品名称：{esc(s['name'])}</p><p>委托单位：{esc(c['client']['name'])}</p>
<p>{esc(c['lab']['name'])}<br>{esc(c['lab']['address'])}<br>{esc(c['lab']['contact'])}</p></div>
<table>{info_rows}</table>
<div class="statement"><b>声 明</b><ol><li>本报告检验结果仅对所检样品负责。</li>
<li>本报告无本实验室“检验检测专用章”及编制、审核、批准人签字无效；报告涂改无效。</li>
<li>未经本实验室书面批准，不得部分复制本报告。</li></ol></div>
<h2>检验结果</h2><table><thead><tr><th>序号</th><th>检验项目</th><th>单位</th><th>标准要求</th>
<th>检验结果</th><th>单项判定</th><th>检验方法</th></tr></thead><tbody>{rows}</tbody></table>
<p style="text-align:center">—— 以下空白 ——</p></body></html>"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("content")
    ap.add_argument("--ours-ms", type=float, required=True)
    ap.add_argument("--runs", type=int, default=10)
    a = ap.parse_args()
    with open(a.content, encoding="utf-8") as f:
        doc = page_html(json.load(f))
    HTML(string=doc).write_pdf()
    times = []
    for _ in range(a.runs):
        t = time.perf_counter()
        pdf = HTML(string=doc).write_pdf()
        times.append((time.perf_counter() - t) * 1e3)
    median = statistics.median(times)
    print(f"weasyprint median {median:.0f} ms over {a.runs} runs ({len(pdf)} bytes); "
          f"ours {a.ours_ms} ms; ratio {median / a.ours_ms:.0f}x")


if __name__ == "__main__":
    main()
