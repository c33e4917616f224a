"""The read report as Markdown (Chinese), one section per document."""

from __future__ import annotations

from contract.formats import amount_with_unit
from reader.ocr_report import ocr_markdown


def report_markdown(reports: list[dict]) -> str:
    out = ["# 读取报告", ""]
    for report in reports:
        if "error" in report:
            out += [f"## {report['file']}", "", f"未能读取：{report['message']}", ""]
            continue
        out += [f"## {report['file']}", "",
                f"- 文档编号：{report['id']}",
                f"- 地区：{report['region'] or '未读出'}；部门：{report['department'] or '未读出'}；"
                f"版本：{report['edition']}；年度：{report['year']}；类别：{report.get('document_kind') or '预算'}",
                f"- 文件类型：{report['kind']}" + (f"，{report['pages']} 页" if report["pages"] else ""), "",
                f"- 已读取 {report.get('tables_read', 0)} 张表", *([f"- {report['note']}"] if report.get("note") else []),
                *ocr_markdown(report),
                "", "| 表 | 状态 | 单位 | 读入行数 | 位置 |", "|---|---|---|---|---|"]
        for line in report["tables"]:
            if line["status"] == "未找到" and not line["expected"] and not line.get("listed"):
                continue
            status = "未找到（目录列出，文件中没有）" if line.get("listed") else line["status"]
            out.append(f"| {line['table']} | {status} | {line['unit'] or ''} | {line['rows_read']} "
                       f"| {line['where'] or ''} |")
        checks = report["checks"]
        out += ["", f"勾稽核对：{checks['total']} 项，未通过 {checks['failed']} 项。", ""]
        for check in checks["failed_list"]:
            page = f"第{check['stated_page']}页" if check["stated_page"] else f"第{check['stated_line']}行"
            out.append(f"- {check['check']}：列明 {amount_with_unit(check['stated_wan'])}（{page}），"
                       f"计算 {amount_with_unit(check['computed_wan'])}（行 {check['computed_lines']}）")
        if report["warnings"]:
            out += ["", f"提示（{len(report['warnings'])} 条）：", ""]
            out += [f"- {w['where']}：{w['message']}" for w in report["warnings"]]
        out.append("")
    return "\n".join(out)
