"""Data downloads: CSV readable by Excel, one workbook with a sheet per table."""

import io

import openpyxl
import polars as pl

from export.workbook import TABLE_LABELS, table_csv_bytes, tables_excel_bytes


def test_csv_has_bom_and_round_trips(tables):
    data = table_csv_bytes(tables["sangong"])
    assert data.startswith("\ufeff".encode())
    back = pl.read_csv(io.BytesIO(data[3:]))
    assert back.height == tables["sangong"].height
    assert "公务用车运行维护费" in back["item"].to_list()


def test_excel_has_a_sheet_per_table_with_units_in_headers(tables):
    book = openpyxl.load_workbook(io.BytesIO(tables_excel_bytes(tables)))
    assert book.sheetnames == [label[:31] for label in TABLE_LABELS.values()]
    sheet = book[TABLE_LABELS["summary"]]
    headers = [cell.value for cell in sheet[1]]
    assert "amount（万元）" in headers
    values = {(r[0], r[2]): r[3] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert values[("qinglong", "支出合计")] == 8815.77  # qinglong_2023.txt line 157
    assert sheet.max_row == tables["summary"].height + 1
