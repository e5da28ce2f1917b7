"""Links that need work after both ends are in the store: an answer that names its motion by its submitters
alone ("de motie van het lid Van Dijk") is linked to the one motion whose first submitter is the first one
cited and whose dossier is one the letter belongs to or cites. Every other link is the official id the
document names, which the store's joins find whenever the other end arrives.
"""

from __future__ import annotations

from kamerspoor.rules.person_names import surname_key
from kamerspoor.store import Store


def pick_motion(cited_by_submitter: list[tuple[str, str | None, list[str]]], submitters: list[str],
                dossiers: set[str]) -> str | None:
    """The one motion among candidates (id, dossier, submitters) whose first submitter is the first one cited
    and whose dossier is one the letter belongs to or cites; None when there is not exactly one."""
    if not submitters:
        return None
    first = surname_key(submitters[0])
    found = {mid for mid, dossier, subs in cited_by_submitter
             if subs and surname_key(subs[0]).endswith(first) and (not dossiers or dossier in dossiers)}
    return found.pop() if len(found) == 1 else None


def resolve_links(store: Store) -> int:
    """Link answers that name their motion only by its submitters; returns how many were linked."""
    linked = 0
    for a in store.unlinked_answers():
        subs = a["submitters"]
        if not subs:
            continue
        dossiers = store.cited_dossiers(a["doc_id"])
        if a["dossier"]:
            dossiers.add(a["dossier"])
        cands = store.motions_by_first_submitter(surname_key(subs[0]))
        pick = pick_motion([(c["id"], c["dossier"], c["submitters"]) for c in cands], subs, dossiers)
        if pick:
            store.link_answer(a["doc_id"], a["idx"], pick)
            linked += 1
    return linked
