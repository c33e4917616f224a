"""The general reader: any published 部门预算 disclosure (PDF, Excel or text) into the contract.

Layers, one module each:
  inputs   sniff the file kind from its bytes and hand it to a row source
  rows     the row model every source produces (cells + provenance)
  text / excel / pdf   row sources
  segment  find the tables by their titles and headers, across pages
  kinds    the table kinds and their naming variants (data, not code)
  tables   interpret each table kind into contract rows
  meta     region, department, edition and year from the document
  prior    prior-year figures from the explanatory text
  document orchestration: file -> contract tables + read report
"""
