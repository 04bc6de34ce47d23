"""A Markdown field of a YAML kind (a checklist intro, a tool's intro or wording), rendered with
the same checks as a page's body: nesting and size limits, snippets from the edition's folder,
unsafe HTML, citations and figures, each reported on the line where it is written."""

from pathlib import Path

from .documents import _render, _snippet_citations, _unknown_figures
from .links import LineIndex
from .problems import Problems


def render_field(check: Problems, key: str, text: str, line: int, sources=()):
    """The rendered field, or None after recording why it cannot be rendered."""
    snippet_dir = Path(check.path).parent.parent / "snippets"
    rendered = _render(check, text, line, key, sources, snippet_dir)
    if rendered is None:
        return None
    index = LineIndex(text, line)
    for found in rendered.unsafe:
        needle = found.split("=", 1)[0].strip("<>").split()[0].lower()
        offset = text.lower().find(needle)
        where = index.line_at(offset) if offset >= 0 else line
        check.error(key, f"{key}: unsafe or unsupported HTML removed: {found}", where)
    for number in sorted(set(rendered.cited_sources)):
        if not 1 <= number <= len(sources):
            offset = text.find(f"[^{number}]")
            where = index.line_at(offset) if offset >= 0 else line
            check.error(key, f"{key}: [^{number}] cites a source that is not listed", where)
    _snippet_citations(check, rendered, text, line, snippet_dir)
    _unknown_figures(check, text, line, rendered)
    return rendered
