"""The real Markdown drafts as a manager pastes them from the rendered page: does the structure survive?

Most drafts reach the web chat by copy and paste from a rendered page (a wiki, a GitHub file, a doc), not
as Markdown source. The copy keeps the words and the line breaks but drops the marks: headings lose '#',
tables become tab-separated rows, and lists lose their bullets (Chromium) or keep them as '•' and '1.'
with their indentation (Firefox and most editors). This script renders each Markdown set of the tuning
splits (dev, test; never a sealed one) in Chromium and stores what a copy gives, in both list styles:

    uv run python scripts/paste_real.py generate   # needs chromium (Debian package) and playwright
    uv run python scripts/paste_real.py score      # no browser: reads evals/datasets/real/pasted.jsonl

A set is kept only when the rendered page still shows every labelled line (a draft inside an HTML comment
shows nothing). The labels are the source set's: a paste changes the layout, not the objectives and key
results, so the same structure is expected.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
PASTED = HERE / "evals" / "datasets" / "real" / "pasted.jsonl"
TUNING_SPLITS = ("dev", "test")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

#: Give each list item the marker and indentation a Firefox copy writes ('  1. ', '    • ').
_MARK_LIST_ITEMS = """() => { for (const li of document.querySelectorAll('li')) {
    let depth = 0; for (let e = li.parentElement; e; e = e.parentElement) if (e.tagName === 'UL' || e.tagName === 'OL') depth++;
    const ordered = li.parentElement.tagName === 'OL';
    const n = Array.prototype.indexOf.call(li.parentElement.children, li) + 1;
    const mark = document.createElement('span'); mark.style.whiteSpace = 'pre';
    mark.textContent = '  '.repeat(depth) + (ordered ? n + '. ' : '\\u2022 ');
    li.insertBefore(mark, li.firstChild); li.style.listStyle = 'none'; } }"""


def _real():
    sys.path.insert(0, str(HERE / "scripts"))
    import score_real

    return score_real._load_real()


def _shows_every_line(record, text: str) -> bool:
    flat = " ".join(text.split()).lower()
    starts = [objective[0] for objective in record.structure] + [kr for _, krs in record.structure for kr in krs]
    return all(" ".join(start.split()).lower()[:30] in flat for start in starts)


def generate(executable: str) -> int:
    from markdown_it import MarkdownIt
    from playwright.sync_api import sync_playwright

    real = _real()
    markdown = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    records = [real.RealSet.model_validate_json(line)
               for line in (HERE / "evals" / "datasets" / "real" / "sets.jsonl").read_text(encoding="utf-8").splitlines()]
    records = [r for r in records if r.split in TUNING_SPLITS and r.format == "markdown"]
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for record in records:
            page.set_content("<html><body>" + markdown.render(record.draft) + "</body></html>")
            bare = page.evaluate("document.body.innerText")
            page.evaluate(_MARK_LIST_ITEMS)
            marked = page.evaluate("document.body.innerText")
            if not _shows_every_line(record, marked):
                continue
            for style, text in (("bare-lists", bare), ("marked-lists", marked)):
                rows.append({"id": record.id, "split": record.split, "language": record.language, "style": style,
                             "source": record.source, "text": text})
        browser.close()
    PASTED.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    print(f"{len(rows) // 2} sets, 2 styles -> {PASTED.relative_to(HERE)}")
    return 0


def score(verbose: bool) -> int:
    real = _real()
    from coach.check import check_text

    records = {r.id: r for r in (real.RealSet.model_validate_json(line) for line in
                                 (HERE / "evals" / "datasets" / "real" / "sets.jsonl").read_text(encoding="utf-8").splitlines())}
    def structure_right(text: str, source: str, record) -> bool:
        try:
            report = check_text(text, source)
        except Exception:  # noqa: BLE001 - unreadable counts as wrong; `check` shows the error itself
            return False
        parsed = [(o.text, [k.text for k in o.key_results]) for o in report.okr_set.objectives]
        return real.structure_matches(parsed, record.structure)

    right: Counter = Counter()
    total: Counter = Counter()
    as_source: Counter = Counter()
    for line in PASTED.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        record = records[row["id"]]
        key = (row["split"], row["style"])
        total[key] += 1
        as_source[key] += structure_right(record.draft, record.id, record)
        ok = structure_right(row["text"], row["id"] + ".txt", record)
        right[key] += ok
        if verbose and not ok:
            print(f"  wrong: {row['id']} {row['style']} want {[len(k) for _, k in record.structure]} ({record.layout})")
    print("| split | list style | sets | structure right, pasted | right as Markdown source |")
    print("| --- | --- | --- | --- | --- |")
    for key in sorted(total):
        print(f"| {key[0]} | {key[1]} | {total[key]} | {right[key]} ({right[key] / total[key]:.0%}) "
              f"| {as_source[key]} ({as_source[key] / total[key]:.0%}) |")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="render the Markdown sets in Chromium and store the pasted text")
    gen.add_argument("--chromium", default="/usr/bin/chromium")
    sc = sub.add_parser("score", help="structure of each pasted set")
    sc.add_argument("-v", "--verbose", action="store_true", help="list the sets read wrong")
    args = parser.parse_args()
    return generate(args.chromium) if args.command == "generate" else score(args.verbose)


if __name__ == "__main__":
    sys.exit(main())
