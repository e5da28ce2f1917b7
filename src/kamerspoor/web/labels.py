"""Dutch labels of the controlled vocabularies, for the interface (the API keeps the English values)."""

from __future__ import annotations

from kamerspoor import taxonomy

KIND = {
    "brief": "Kamerbrief",
    "motie": "Motie",
    "verslag": "Verslag",
    "vragen_antwoorden": "Vragen en antwoorden",
    "nota": "Nota",
    "other": "Overig",
}

STANCE = {
    "executed": "uitgevoerd",
    "already_policy": "al beleid",
    "in_progress": "in uitvoering",
    "partial": "deels",
    "declined": "afgewezen",
    "noted": "genoemd",
}

STANCE_HELP = {
    "executed": "het kabinet zegt te hebben gedaan wat werd gevraagd",
    "already_policy": "wat werd gevraagd is al beleid",
    "in_progress": "het kabinet werkt eraan maar is er nog niet",
    "partial": "het verzoek is deels aanvaard",
    "declined": "het kabinet doet niet wat werd gevraagd",
    "noted": "genoemd zonder antwoord",
}

MOTION_STATE = {
    "executed": "uitgevoerd",
    "in_progress": "in uitvoering",
    "declined": "afgewezen",
    "unanswered": "onbeantwoord",
}

COMMITMENT_KIND = {"inform": "informeren", "act": "handelen", "continue": "voortzetten"}

VOTE = {"aangenomen": "aangenomen", "verworpen": "verworpen"}

FACET = {
    "kind": "Soort",
    "dossier": "Dossier",
    "year": "Jaar",
    "theme": "Thema",
    "instrument": "Instrument",
    "party": "Partij",
    "stance": "Standpunt",
}


def kind(value: str | None) -> str:
    return KIND.get(value or "", value or "")


def stance(value: str | None) -> str:
    return STANCE.get(value or "", value or "geen")


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
