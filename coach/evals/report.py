"""Reports of a run and of a comparison: JSON, Markdown, and one self-contained HTML file.

The HTML has no external assets: inline CSS and inline SVG bar charts. Every piece of dataset or model
text goes through :func:`html.escape`, so a case containing ``<script>`` shows as text and runs nothing.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from coach.evals.metrics import slice_columns, slice_names
from coach.evals.runner import HEADLINE, summary

MAX_FAILURES_SHOWN = 25


def _fmt(value, digits: int = 3) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _cost(usage: dict) -> str:
    cost = usage.get("cost_usd")
    return "n/a" if cost is None else f"${cost:.4f}"


def _md(text) -> str:
    """Text safe inside a Markdown table cell: no pipes, no newlines, no raw HTML."""
    return html.escape(str(text)).replace("|", "\\|").replace("\n", " ")


def _failures(suite: dict) -> list[dict]:
    seen, out = set(), []
    for case in suite.get("cases", []):
        if (case.get("passed") and not case.get("error")) or case["id"] in seen:
            continue
        seen.add(case["id"])
        out.append(case)
    return out


def _why(case: dict) -> str:
    if case.get("error"):
        return case["error"]
    output = case.get("output") or {}
    bits = []
    for key in ("missed", "extra", "unsupported", "flags"):
        if output.get(key):
            bits.append(f"{key}: {', '.join(map(str, output[key]))[:300]}")
    if output.get("uncovered"):
        bits.append(f"uncovered: {json.dumps(output['uncovered'], ensure_ascii=False)[:300]}")
    if "covered" in output:  # the suggest suite
        return _why_suggest(output)
    for suggestion in output.get("suggestions", [])[:2]:
        problems = [p for p, bad in (("error findings " + ",".join(suggestion["errors"]), suggestion["errors"]),
                                     ("not an outcome", not suggestion["outcome"]),
                                     ("intent lost", not suggestion["intent_kept"]),
                                     (f"invented {suggestion['invented']}", suggestion["invented"])) if bad]
        bits.append(f"'{suggestion['text'][:160]}'" + (f" ({'; '.join(problems)})" if problems else ""))
    if "rank" in output:
        bits.append(f"first hit at rank {output['rank']}; top {', '.join(output.get('top', [])[:3])}")
    return "; ".join(bits) or "score below pass"


def _why_suggest(output: dict) -> str:
    if not output.get("covered"):
        return f"no suggestion or question (flagged: {', '.join(output.get('flagged') or []) or 'nothing'})"
    bits = [f"first metric family {output.get('first_family') or 'none'}"
            + ("" if output.get("fit") else " (not acceptable)") + ("; asked" if output.get("asked") else "")]
    for suggestion in output.get("suggestions", [])[:2]:
        problems = [p for p, bad in (("work item", suggestion.get("work_item")),
                                     (f"other function {suggestion.get('function')}", suggestion.get("other_function")),
                                     ("errors when pasted back " + ",".join(suggestion.get("pasted_back_errors") or []),
                                      suggestion.get("verified") and suggestion.get("pasted_back_errors")),
                                     (f"invented {suggestion.get('invented')}", suggestion.get("invented"))) if bad]
        bits.append(f"'{suggestion['text'][:160]}'" + (f" ({'; '.join(problems)})" if problems else ""))
    return "; ".join(bits)


# --------------------------------------------------------------------------- run reports


def slices(metrics: dict) -> dict[str, dict[str, float | None]]:
    """``{slice: {"cases": n, "macro_f1": ...}}`` of a suite's metrics (critique with and without the
    ``ambiguous`` drafts, the ``fresh`` drafts alone); empty for suites without slices."""
    columns = slice_columns(metrics)
    return {name: {m: metrics.get(f"{name}:{m}") for m in ("cases", *columns)} for name in slice_names(metrics)}


def _whole_and_slices(metrics: dict) -> dict[str, dict[str, float | None]]:
    whole = {"all": {m: metrics.get(m) for m in ("cases", *slice_columns(metrics))}}
    return whole | slices(metrics)


def run_report_json(run: dict) -> dict:
    return {"summary": summary(run),
            "metrics": {name: s.get("metrics", {}) for name, s in run.get("suites", {}).items()},
            "slices": {name: slices(s.get("metrics", {})) for name, s in run.get("suites", {}).items()
                       if slices(s.get("metrics", {}))},
            "failures": {name: [{"id": c["id"], "why": _why(c)} for c in _failures(s)]
                         for name, s in run.get("suites", {}).items()}}


def run_report_markdown(run: dict) -> str:
    config = run.get("config", {})
    usage = run.get("usage", {})
    lines = [f"# Eval run {_md(run.get('run_id'))}", "",
             f"- engine: {_md(config.get('engine'))}, model: {_md(config.get('model') or 'none')}, "
             f"split: {_md(config.get('split'))}, repeats: {config.get('repeats')}",
             f"- commit: {_md((run.get('git') or {}).get('commit') or 'unknown')}"
             f"{' (local changes)' if (run.get('git') or {}).get('dirty') else ''}",
             f"- model requests: {usage.get('requests', 0)}, cache hits: {usage.get('cache_hits', 0)} "
             f"(hit rate {_fmt(usage.get('cache_hit_rate'), 2)}), tokens: "
             f"{usage.get('prompt_tokens', 0)} in / {usage.get('completion_tokens', 0)} out, "
             f"cost: {_cost(usage)}",
             f"- prompts used: {_md(', '.join(f'{k} ({v[:12]})' for k, v in (run.get('prompts') or {}).get('used', {}).items()) or 'none')}",
             ""]
    for name, suite in run.get("suites", {}).items():
        lines += [f"## {name}", ""]
        if suite.get("error"):
            lines += [f"**Suite failed:** {_md(suite['error'])}", ""]
        metrics = suite.get("metrics", {})
        lines += ["| metric | value |", "| --- | --- |"]
        lines += [f"| {_md(k)} | {_fmt(v)} |" for k, v in metrics.items() if ":" not in k]
        if slice_names(metrics):
            columns = slice_columns(metrics)
            lines += ["", "| cases | n | " + " | ".join(columns) + " |", "| --- " * (len(columns) + 2) + "|"]
            lines += [f"| {_md(name)} | {_fmt(int(row['cases'] or 0))} | " + " | ".join(_fmt(row[m]) for m in columns)
                      + " |" for name, row in _whole_and_slices(metrics).items()]
        rules = sorted({k.split(":")[1] for k in metrics if k.startswith("rule:")})
        if rules:
            lines += ["", "| rule | precision | recall | F1 |", "| --- | --- | --- | --- |"]
            lines += [f"| {_md(r)} | {_fmt(metrics[f'rule:{r}:precision'])} | {_fmt(metrics[f'rule:{r}:recall'])} | "
                      f"{_fmt(metrics[f'rule:{r}:f1'])} |" for r in rules]
        latency = suite.get("latency", {})
        lines += ["", f"Latency per case: median {_fmt(latency.get('median_s'))} s, p95 {_fmt(latency.get('p95_s'))} s; "
                      f"cache hit rate {_fmt(suite.get('usage', {}).get('cache_hit_rate'), 2)}.", ""]
        failures = _failures(suite)
        if failures:
            lines += [f"Failing cases ({len(failures)}):", ""]
            lines += [f"- `{_md(c['id'])}` [{_md(c.get('split', '?'))}] ({_md(c.get('input', ''))}): {_md(_why(c))}"
                      for c in failures[:MAX_FAILURES_SHOWN]]
            lines.append("")
    return "\n".join(lines) + "\n"


_CSS = """body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:1100px;
color:#1d2329;padding:0 1rem}table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #d0d7de;
padding:.25rem .6rem;text-align:left;vertical-align:top}th{background:#f3f5f7}.bad{color:#b42318;font-weight:600}
.good{color:#067647}.muted{color:#667085}code{background:#f3f5f7;padding:0 .25rem}svg text{font:12px system-ui,sans-serif}
h2{margin-top:2rem;border-bottom:1px solid #d0d7de}"""


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def bar_chart(values: dict[str, float | None], *, width: int = 640, title: str = "") -> str:
    """A horizontal bar chart of 0..1 values as inline SVG (labels escaped)."""
    rows = [(k, v) for k, v in values.items() if isinstance(v, (int, float))]
    if not rows:
        return ""
    bar_h, label_w = 20, 220
    height = bar_h * len(rows) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{_e(title)}">']
    span = width - label_w - 60
    for i, (label, value) in enumerate(rows):
        y = 5 + i * bar_h
        clipped = max(0.0, min(1.0, float(value)))
        colour = "#067647" if clipped >= 0.8 else "#b54708" if clipped >= 0.5 else "#b42318"
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{_e(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{span * clipped:.1f}" height="{bar_h - 6}" fill="{colour}"/>')
        parts.append(f'<text x="{label_w + span * clipped + 4:.1f}" y="{y + 14}">{float(value):.3f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _html_page(title: str, body: str) -> str:
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{_e(title)}</title>"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>{_CSS}</style></head>"
            f"<body>{body}</body></html>\n")


def run_report_html(run: dict) -> str:
    config = run.get("config", {})
    usage = run.get("usage", {})
    body = [f"<h1>Eval run {_e(run.get('run_id'))}</h1>",
            f"<p class=muted>engine {_e(config.get('engine'))} · model {_e(config.get('model') or 'none')} · "
            f"split {_e(config.get('split'))} · repeats {_e(config.get('repeats'))} · commit "
            f"<code>{_e(((run.get('git') or {}).get('commit') or 'unknown')[:12])}</code> · "
            f"{_e(usage.get('requests', 0))} model requests, {_e(usage.get('cache_hits', 0))} cache hits · cost "
            f"{_e(_cost(usage))}</p>"]
    for name, suite in run.get("suites", {}).items():
        metrics = suite.get("metrics", {})
        body.append(f"<h2>{_e(name)}</h2>")
        if suite.get("error"):
            body.append(f"<p class=bad>Suite failed: {_e(suite['error'])}</p>")
        headline = {k: metrics.get(k) for k in HEADLINE.get(name, []) if k != "invented_numbers"}
        body.append(bar_chart(headline, title=f"{name} headline metrics"))
        rules = sorted({k.split(":")[1] for k in metrics if k.startswith("rule:")})
        if rules:
            body.append("<h3>F1 per rule</h3>")
            body.append(bar_chart({r: metrics[f"rule:{r}:f1"] for r in rules}, title="F1 per rule"))
        body.append("<table><tr><th>metric</th><th>value</th></tr>")
        body += [f"<tr><td>{_e(k)}</td><td>{_e(_fmt(v))}</td></tr>" for k, v in metrics.items() if ":" not in k]
        body.append("</table>")
        if slice_names(metrics):
            columns = slice_columns(metrics)
            body.append("<h3>By slice</h3><table><tr><th>cases</th><th>n</th>"
                        + "".join(f"<th>{_e(m)}</th>" for m in columns) + "</tr>")
            body += [f"<tr><td>{_e(name)}</td><td>{_e(_fmt(int(row['cases'] or 0)))}</td>"
                     + "".join(f"<td>{_e(_fmt(row[m]))}</td>" for m in columns) + "</tr>"
                     for name, row in _whole_and_slices(metrics).items()]
            body.append("</table>")
        failures = _failures(suite)
        if failures:
            body.append(f"<h3>Failing cases ({len(failures)})</h3><table><tr><th>case</th><th>input</th>"
                        "<th>why</th></tr>")
            body += [f"<tr><td><code>{_e(c['id'])}</code> <span class=muted>{_e(c.get('split', ''))}</span></td>"
                     f"<td>{_e(c.get('input', ''))}</td><td>{_e(_why(c))}</td></tr>"
                     for c in failures[:MAX_FAILURES_SHOWN]]
            body.append("</table>")
    return _html_page(f"Eval run {run.get('run_id')}", "".join(body))


def write_reports(run: dict, directory: Path) -> list[Path]:
    from coach.evals.runner import _atomic_write

    paths = {directory / "report.json": json.dumps(run_report_json(run), indent=1, ensure_ascii=False, default=str),
             directory / "report.md": run_report_markdown(run),
             directory / "report.html": run_report_html(run)}
    for path, text in paths.items():
        _atomic_write(path, text)
    return list(paths)


# --------------------------------------------------------------------------- comparison reports


def _delta(m: dict) -> str:
    if m["delta"] is None:
        return "n/a"
    ci = "" if m["ci_low"] is None else f" [{m['ci_low']:+.3f}, {m['ci_high']:+.3f}]"
    return f"{m['delta']:+.3f}{ci}"


def comparison_markdown(comparison: dict, *, max_rows: int = 40) -> str:
    lines = [f"# Compare {_md(comparison['run_a'])} → {_md(comparison['run_b'])}", "",
             f"Paired bootstrap, {comparison['resamples']} resamples, seed {comparison['seed']}; 95% intervals.", ""]
    regressions = comparison.get("regressions", [])
    lines.append(f"**{len(regressions)} regression(s)**" + (": " + ", ".join(
        f"{_md(r['suite'])}.{_md(r['metric'])} {_delta(r)}" for r in regressions) if regressions else "."))
    lines.append("")
    for suite in comparison["suites"]:
        lines += [f"## {_md(suite['suite'])}", "",
                  f"{suite['paired']} paired cases ({suite['only_a']} only in A, {suite['only_b']} only in B); "
                  f"B wins {suite['wins']}, loses {suite['losses']}, ties {suite['ties']}; sign test p = "
                  f"{suite['sign_p']:.4f}.", "", "| metric | A | B | B − A [95% CI] | verdict |", "| --- | --- | --- | --- | --- |"]
        for m in suite["metrics"][:max_rows]:
            lines.append(f"| {_md(m['metric'])} | {_fmt(m['a'])} | {_fmt(m['b'])} | {_delta(m)} | {m['verdict']} |")
        changed = [c for c in suite["cases"] if c["change"] != "same" or c["flaky_a"] or c["flaky_b"]]
        if changed:
            lines += ["", "| case | A | B | change | flaky |", "| --- | --- | --- | --- | --- |"]
            for c in changed[:max_rows]:
                flaky = ", ".join(x for x, on in (("A", c["flaky_a"]), ("B", c["flaky_b"])) if on) or ""
                lines.append(f"| `{_md(c['id'])}` | {_fmt(c['a_score'])} | {_fmt(c['b_score'])} | {c['change']} | {flaky} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def comparison_html(comparison: dict) -> str:
    body = [f"<h1>Compare {_e(comparison['run_a'])} → {_e(comparison['run_b'])}</h1>",
            f"<p class=muted>Paired bootstrap, {_e(comparison['resamples'])} resamples, seed {_e(comparison['seed'])}; "
            "95% intervals. Regressions first.</p>"]
    for suite in comparison["suites"]:
        body.append(f"<h2>{_e(suite['suite'])}</h2><p>{_e(suite['paired'])} paired cases · B wins {_e(suite['wins'])}, "
                    f"loses {_e(suite['losses'])}, ties {_e(suite['ties'])} · sign test p = {suite['sign_p']:.4f}</p>")
        body.append("<table><tr><th>metric</th><th>A</th><th>B</th><th>B − A [95% CI]</th><th>verdict</th></tr>")
        for m in suite["metrics"]:
            css = "bad" if m["verdict"] in ("regression", "worse") else "good" if m["verdict"] in ("improvement", "better") else ""
            body.append(f"<tr class={css}><td>{_e(m['metric'])}</td><td>{_e(_fmt(m['a']))}</td><td>{_e(_fmt(m['b']))}</td>"
                        f"<td>{_e(_delta(m))}</td><td>{_e(m['verdict'])}</td></tr>")
        body.append("</table>")
        changed = [c for c in suite["cases"] if c["change"] != "same" or c["flaky_a"] or c["flaky_b"]]
        if changed:
            body.append("<table><tr><th>case</th><th>A</th><th>B</th><th>change</th><th>flaky</th></tr>")
            for c in changed:
                flaky = ", ".join(x for x, on in (("A", c["flaky_a"]), ("B", c["flaky_b"])) if on)
                body.append(f"<tr><td><code>{_e(c['id'])}</code></td><td>{_e(_fmt(c['a_score']))}</td>"
                            f"<td>{_e(_fmt(c['b_score']))}</td><td>{_e(c['change'])}</td><td>{_e(flaky)}</td></tr>")
            body.append("</table>")
    return _html_page("Eval comparison", "".join(body))
