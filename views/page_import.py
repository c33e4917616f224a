"""导入: upload a disclosure, see what was read, correct its metadata, add it to the dashboard."""

import streamlit as st

from content.import_report import (
    EDITIONS,
    MAX_UPLOAD_MB,
    UPLOAD_TYPES,
    failed_checks_frame,
    headline_frame,
    low_confidence_frame,
    ocr_notice,
    overrides_from,
    plain,
    status_counts,
    tables_frame,
    uploader_css,
    warnings_frame,
)
from content.naming import edition_words, official_name
from contract.formats import printf_format
from dashboard.components import page_title
from dashboard.importing import add_document, library_entries, read_upload, remove_document
from library import LibraryError, content_hash
from reader.errors import UnreadableDocument
from reader.final import FINAL, budget_id

READS_KEY = "import_reads"  # content hash -> {"name", "data", "result" | "error", "added"}
CONFIRM_KEY = "import_confirm_remove"

page_title("导入公开文件")
st.caption(f"上传部门预算、单位预算或部门决算公开文件（PDF、Excel 或从 PDF 提取的文本，每个不超过 {MAX_UPLOAD_MB} MB）。"
           "文件在单独的进程中读取（限时、限内存）；读取结果核对无误后点击「加入看板」才会加入。")

st.html(f"<style>{uploader_css()}</style>")  # the uploader's own words in Chinese (no locale setting)
uploads = st.file_uploader("上传公开文件（可一次选择多个）", type=list(UPLOAD_TYPES), accept_multiple_files=True,
                           key="import_uploader")
reads: dict = st.session_state.setdefault(READS_KEY, {})


def _read(digest: str, name: str, data: bytes, overrides: dict | None = None) -> None:
    entry = reads.setdefault(digest, {"name": name, "data": data})
    try:
        entry["result"] = read_upload(name, data, overrides)
        entry.pop("error", None)
    except UnreadableDocument as exc:
        entry["error"] = exc.zh
        entry.pop("result", None)


def _named(doc) -> str:
    """A library entry as officials name it: 上海市·刑事科学技术研究院（单位预算 · 2026）."""
    document_kind = FINAL if budget_id(doc.doc_id) != doc.doc_id else None  # a 决算's id ends in -决算
    return official_name(doc.region, doc.department, doc.edition, [doc.year], document_kind=document_kind)


def _show_added(entry: dict) -> None:
    added = entry.get("added")
    if added is None:
        return
    if added.status in ("added", "replaced"):
        doc = added.entry
        what = "已替换旧文件并加入看板" if added.status == "replaced" else "已加入看板"
        st.success(f"{what}：{plain(_named(doc))}"
                   + ("；旧文件已移入回收站。" if added.status == "replaced" else "。"))
        st.page_link("views/page_overview.py", label="在总览中查看", icon=":material/home:")
    elif added.status == "duplicate":
        st.info(f"已导入：同一文件已在文档库中（{plain(_named(added.existing))}，{plain(added.existing.file)}），未重复加入。")
    elif added.status == "conflict":
        old = added.existing
        st.warning(f"文档库中已有 {plain(_named(old))} 的另一份文件（{plain(old.file)}）。请选择：")
        replace, keep, cancel = st.columns(3)
        digest = content_hash(entry["data"])
        if replace.button("替换旧文件（旧文件移入回收站）", key=f"replace_{digest}"):
            entry["added"] = add_document(entry["result"], entry["data"], entry["name"], "replace")
            st.rerun()
        if keep.button("两份都保留", key=f"keep_{digest}"):
            entry["added"] = add_document(entry["result"], entry["data"], entry["name"], "keep_both")
            st.rerun()
        if cancel.button("取消", key=f"cancel_{digest}"):
            entry.pop("added")
            st.rerun()


def _show_read(digest: str, entry: dict) -> None:
    name = entry["name"]
    if "error" in entry:
        st.error(f"{plain(name)}：{plain(entry['error'])}。文档库未改动。")
        return
    result = entry["result"]
    report = result.report
    counts = status_counts(report)
    checks = report.get("checks", {})
    with st.container(border=True):
        st.subheader(name, anchor=False)
        meta = result.meta
        st.markdown(f"**文件类别：{edition_words(meta.edition, meta.document_kind) or meta.document_kind}**"
                    + ("（表题为决算表：按决算读取，年初预算数、调整预算数与决算数分列）"
                       if meta.document_kind == FINAL else ""))
        if report.get("note"):
            st.warning(plain(report["note"]))
        if notice := ocr_notice(report):
            st.info(notice)
        cols = st.columns(4)
        cols[0].metric("已读取的表", counts["已读取"])
        cols[1].metric("未公开（空表）", counts["未公开（空表）"])
        cols[2].metric("未找到的表", counts["未找到"])
        cols[3].metric("核对未通过", f"{checks.get('failed', 0)} / {checks.get('total', 0)}")
        found = tables_frame(report)
        st.dataframe(found, hide_index=True, width="stretch", height=38 + 35 * found.height)
        failed = failed_checks_frame(report)
        if failed.height:
            st.markdown("**未通过的核对**（文件自身的数字不一致，按原文读入，未作修改）")
            st.dataframe(failed, hide_index=True, width="stretch",
                         column_config={c: st.column_config.NumberColumn(format=printf_format("万元"))
                                        for c in failed.columns if c.endswith("（万元）")})
        unsure = low_confidence_frame(report)
        if unsure.height:
            st.markdown("**识别把握较低的金额**（扫描页，请对照原页核对）")
            st.dataframe(unsure, hide_index=True, width="stretch")
        warnings = warnings_frame(report)
        if warnings.height:
            st.markdown("**读取提示**")
            st.dataframe(warnings, hide_index=True, width="stretch")
        headline = headline_frame(result.tables["summary"])
        if headline.height:
            st.markdown("**主要数字**")
            st.dataframe(headline, hide_index=True, width="stretch",
                         column_config={"金额（万元）": st.column_config.NumberColumn(format=printf_format("万元"))})
        with st.form(key=f"meta_{digest}", border=False):
            st.markdown("**文件信息**（从文件中读出，可更正）")
            a, b, c, d = st.columns([2, 3, 1, 1])
            region = a.text_input("地区", value=result.meta.region or "", key=f"region_{digest}")
            department = b.text_input("部门", value=result.meta.department or "", key=f"department_{digest}")
            edition = c.selectbox("版本", EDITIONS, index=EDITIONS.index(result.meta.edition)
                                  if result.meta.edition in EDITIONS else 0, key=f"edition_{digest}")
            year = d.number_input("年度", min_value=2000, max_value=2100, step=1,
                                  value=int(result.meta.year), key=f"year_{digest}")
            if st.form_submit_button("加入看板", type="primary"):
                overrides = overrides_from(report, region, department, edition, int(year))
                if overrides:  # read again with the corrected metadata, so ids and tables agree
                    _read(digest, name, entry["data"], {**overrides, "region": region.strip(),
                                                        "department": department.strip()})
                if "result" in entry:
                    try:
                        entry["added"] = add_document(entry["result"], entry["data"], name)
                    except LibraryError as exc:
                        st.error(exc.zh)
                st.rerun()  # the sidebar, drawn before the click, then shows the new document
        _show_added(entry)


known = {e.sha256: e for e in library_entries()}  # what the library holds, by content
for upload in uploads or []:
    data = upload.getvalue()
    digest = content_hash(data)
    if digest in known and digest not in reads:
        # the same bytes are already in the library: said as soon as the file is chosen, not read again
        held = known[digest]
        st.info(f"已导入：{plain(upload.name)} 与文档库中的 {plain(_named(held))}（{plain(held.file)}）是同一文件，"
                "未重复读取。")
        continue
    if digest not in reads:
        _read(digest, upload.name, data)
    _show_read(digest, reads[digest])

st.divider()
st.subheader("文档库", anchor=False)
entries = library_entries()
if not entries:
    st.caption("文档库中还没有导入的文件；随附的四份公开文件始终显示，不能删除。")
else:
    st.caption("随附的四份公开文件始终显示，不能删除；导入的文件可删除（移入回收站，可恢复）。")
    st.dataframe([{"地区": e.region, "部门": e.department, "版本": e.edition, "年度": e.year, "文件": e.file,
                   "编号": e.key} for e in entries], hide_index=True, width="stretch")
    labels = {e.key: f"{_named(e)} — {e.file}" for e in entries}
    chosen = st.selectbox("要删除的文件", list(labels), format_func=labels.get, key="import_remove_choice")
    if st.session_state.get(CONFIRM_KEY) != chosen:
        if st.button("删除所选文件", key="import_remove"):
            st.session_state[CONFIRM_KEY] = chosen
            st.rerun()
    else:
        st.warning(f"确认删除 {plain(labels[chosen])}？文件移入回收站，看板中不再显示。")
        yes, no = st.columns(2)
        if yes.button("确认删除", type="primary", key="import_remove_yes"):
            try:
                removed = remove_document(chosen)
                st.session_state["import_removed"] = f"已删除：{_named(removed)}"
            except LibraryError as exc:
                st.session_state["import_removed"] = exc.zh
            st.session_state.pop(CONFIRM_KEY)
            st.rerun()
        if no.button("取消", key="import_remove_no"):
            st.session_state.pop(CONFIRM_KEY)
            st.rerun()
if message := st.session_state.pop("import_removed", None):
    st.info(plain(message))
