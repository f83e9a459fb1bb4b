"""Every generated HTML page, in both trees, passes the Nu Html Checker (vnu.jar) with no error.

The checker runs once over the whole output folder (see `vnu_report` in conftest.py).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit


def _html_pages(output: Path) -> set[str]:
    return {p.relative_to(output).as_posix() for p in output.rglob("*")
            if p.is_file() and p.suffix.lower() in (".html", ".htm", ".xhtml")}


def _where(message: dict, output: Path) -> str:
    url = message.get("url", "")
    path = unquote(urlsplit(url).path) if url.startswith("file:") else url
    try:
        path = Path(path).resolve().relative_to(output.resolve()).as_posix()
    except ValueError:
        pass
    line = message.get("lastLine", message.get("firstLine", "?"))
    column = message.get("firstColumn", message.get("lastColumn", "?"))
    return f"{path}:{line}:{column}"


def test_the_checker_read_every_page_of_both_trees(built_site, vnu_report):
    pages = _html_pages(built_site)
    assert any(p.startswith("en/") for p in pages) and any(not p.startswith("en/") for p in pages)
    missed = sorted(pages - vnu_report.checked)
    assert not missed, f"the Nu Html Checker did not read {len(missed)} page(s): {missed[:50]}"


def test_every_page_is_valid_html(built_site, vnu_report):
    problems = [m for m in vnu_report.messages if m.get("type") != "info"]  # errors + fatal + I/O
    if not problems:
        return
    by_message = defaultdict(list)
    for message in problems:
        kind = message.get("type", "?") + (f"/{message['subType']}" if message.get("subType")
                                           else "")
        by_message[(kind, message.get("message", "?"))].append(message)
    lines = [(f"The Nu Html Checker found {len(problems)} error(s) in "
              f"{len({m.get('url') for m in problems})} page(s), {len(by_message)} distinct:")]
    for (kind, text), messages in sorted(by_message.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"\n[{kind}] {text}  ({len(messages)}x)")
        extract = (messages[0].get("extract") or "").replace("\n", "\\n")
        if extract:
            lines.append(f"    e.g. …{extract}…")
        for message in messages:
            lines.append(f"    {_where(message, built_site)}")
    raise AssertionError("\n".join(lines))
