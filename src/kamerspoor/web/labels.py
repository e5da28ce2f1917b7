"""Dutch labels of the controlled vocabularies, for the web pages (the API keeps the English values).

The labels are data (``data/labels.yaml``, read by :mod:`kamerspoor.labels`), the same for every interface;
theme and instrument labels come from the taxonomy. A stance's colours are data there too: :data:`STANCE_CSS`
is the stylesheet the pages link as /static/stances.css (after style.css), made from ``stance_style``.
"""

from __future__ import annotations

from kamerspoor import labels, taxonomy

KIND = labels.table("kind")
STANCE = labels.table("stance")
STANCE_HELP = labels.table("stance_help")
ADVICE = labels.table("advice")
MOTION_STATE = labels.table("motion_state")
COMMITMENT_KIND = labels.table("commitment_kind")
VOTE = labels.table("vote")
FACET = labels.table("facet")


def _stance_css() -> str:
    """Per stance: its label (white text on its colour), its evidence mark in the text and its cell in the answer
    matrix."""
    rules = []
    for value, style in labels.stance_styles().items():
        rules.append(f".stance-{value}.label {{ background: {style.colour}; }}\n"
                     f"mark.evidence.stance-{value} {{ border-color: {style.colour}; background: {style.mark}; }}\n"
                     f"table.answer-matrix td.cell-{value} {{ background: {style.mark}; }}\n")
    return "/* kamerspoor: the stances' colours, from data/labels.yaml (stance_style) */\n" + "".join(rules)


STANCE_CSS = _stance_css()


def kind(value: str | None) -> str:
    return labels.label("kind", value)


def stance(value: str | None) -> str:
    return labels.label("stance", value, None if value else "geen")


def tag(value: str | None) -> str:
    """The Dutch label of a theme or instrument id."""
    return taxonomy.label(value or "", "nl") if value else ""


def facet_value(facet: str, value: str) -> str:
    if facet == "kind":
        return kind(value)
    if facet == "stance":
        return stance(value)
    if facet in ("theme", "instrument"):
        return tag(value)
    return value


def theme_ids() -> list[str]:
    return sorted(taxonomy.load()["themes"])


def instrument_ids() -> list[str]:
    return sorted(taxonomy.load()["instruments"])


COMMITMENT_STATUS = labels.table("commitment_status")
OUTCOME = labels.table("outcome")
