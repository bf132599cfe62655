"""The shared toolkit on the ground floor: machinery with no models and no knowledge of
reviews, which the apps above borrow (healthchecks keeps such things in `hc/lib/`).

- `pdf`: HTML to a tagged PDF with WeasyPrint, loading nothing but the project's static files;
  `pdftags` (the tagging finisher), `pdfcheck` (what a styled PDF must show);
- `exports`: CSV and XLSX responses, safe to open in a spreadsheet;
- `charts`: the geometry of the totals and profile charts, drawn as inline SVG.

It imports no app of the project (tests/project/test_layering.py).
"""
