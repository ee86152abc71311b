"""HTML view of an extraction: highlighted spans with their links, and the event table.

Example:
    >>> from model.results import Extraction, Entity
    >>> "mark" in Extraction("Kyiv", [Entity(0, 4, "PLACE", "Kyiv", 1.0)], []).to_html()
    True
"""

from html import escape

COLOURS = {
    "INTERCEPT": "#7fb3ff", "ATTACK": "#ff8a80", "DAMAGE": "#ffb74d", "CASUALTY": "#e57373", "DISRUPTION": "#ba68c8",
    "PLACE": "#a5d6a7", "QUANTITY": "#fff59d", "SOURCE": "#b0bec5", "WEAPON": "#f48fb1", "TIME": "#80deea",
}
STYLE = """<style>
.cee mark{padding:1px 3px;border-radius:3px;line-height:1.9}
.cee mark sub{font-size:.65em;margin-left:2px;opacity:.75}
.cee table{border-collapse:collapse;margin-top:1em;font-size:.9em}
.cee td,.cee th{border:1px solid #ccc;padding:3px 6px;text-align:left}
.cee .text{white-space:pre-wrap}
</style>"""


def render_html(extraction) -> str:
    """A self-contained HTML fragment (class ``cee``) for one extraction."""
    marks = {}
    for index, event in enumerate(extraction.events, start=1):
        marks[(event.trigger.start, event.trigger.end)] = (event.type, f"E{index} {event.type}")
    links: dict[tuple, list[str]] = {}
    for index, event in enumerate(extraction.events, start=1):
        for argument in event.arguments:
            links.setdefault((argument.start, argument.end), []).append(f"{argument.role}→E{index}")
    for entity in extraction.entities:
        key = (entity.start, entity.end)
        marks.setdefault(key, (entity.label, " ".join([entity.label] + links.get(key, []))))
    pieces, cursor = [], 0
    for (start, end), (label, title) in sorted(marks.items()):
        if start < cursor:
            continue
        pieces.append(escape(extraction.text[cursor:start]))
        pieces.append(f'<mark style="background:{COLOURS.get(label, "#eee")}" title="{escape(title)}">'
                      f"{escape(extraction.text[start:end])}<sub>{escape(title)}</sub></mark>")
        cursor = end
    pieces.append(escape(extraction.text[cursor:]))
    header = ["#", "type", "trigger", "quantity", "places", "weapon", "time", "source"]
    rows = []
    for index, event in enumerate(extraction.events, start=1):
        summary = event.summary()
        cells = [f"E{index}", summary["type"], summary["trigger"], summary["quantity"], summary["places"],
                 summary["weapon"], summary["time"], summary["source"]]
        rows.append("<tr>" + "".join(f"<td>{escape(str(c or ''))}</td>" for c in cells) + "</tr>")
    table = ("<table><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>" + "".join(rows) + "</table>"
             if rows else "<p>No events found.</p>")
    return f'{STYLE}<div class="cee"><div class="text">{"".join(pieces)}</div>{table}</div>'
