"""The general reader: any published 部门预算 or 部门决算 disclosure (PDF, scan, Excel or text) into the contract.

Layers, one module each (docs/architecture.md draws the pipeline):
  inputs   sniff the file kind from its bytes and hand it to a row source
  rows     the row model every source produces (cells + provenance)
  text / excel / pdf / ocr   row sources (ocr: pages without a usable text layer); geometry: page geometry
  segment  find the tables by their titles and headers, across pages
  kinds    the table kinds: naming variants and how each is read (data, not code)
  budget / targets / final   interpret each table kind's rows (amounts, 绩效目标表, a 决算's budget columns)
  prose / prose_classes / final_prose   figures and checks the explanatory text states
  meta     region, department, edition and year from the document
  prior    prior-year figures from the explanatory text
  checks   every check over the tables
  document orchestration: file -> contract tables + read report (report: the report as text)
"""
