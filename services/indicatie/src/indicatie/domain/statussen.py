"""State machines of the indicatie aggregates. Pure: a transition is allowed or it raises."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType


class OngeldigeOvergang(ValueError):
    """The action does not fit the aggregate's current status (an HTTP 409)."""


class StateMachine:
    def __init__(self, name: str, transitions: Mapping[tuple[str, str], str]) -> None:
        self.name = name
        self._transitions = MappingProxyType(dict(transitions))

    def next(self, status: str, action: str) -> str:
        try:
            return self._transitions[(status, action)]
        except KeyError:
            raise OngeldigeOvergang(
                f"{self.name} with status {status!r} does not allow {action!r}") from None

    def allows(self, status: str, action: str) -> bool:
        return (status, action) in self._transitions


# ontvangen → (beschikking) besloten | ter-goedkeuring → besloten; a refused approval or a
# (deels) gegrond bezwaar reopens it for a new decision (heroverweging).
AANVRAAG = StateMachine("aanvraag", {
    ("ontvangen", "opschorten"): "ontvangen",
    ("ontvangen", "besluiten"): "besloten",
    ("ontvangen", "ter-goedkeuring-aanbieden"): "ter-goedkeuring",
    ("ter-goedkeuring", "goedkeuren"): "besloten",
    ("ter-goedkeuring", "afkeuren"): "ontvangen",
    ("besloten", "heroverwegen"): "heroverweging",
    ("heroverweging", "besluiten"): "besloten",
    ("heroverweging", "ter-goedkeuring-aanbieden"): "ter-goedkeuring",
})

BESCHIKKING = StateMachine("beschikking", {
    ("ter-goedkeuring", "goedkeuren"): "afgegeven",
    ("ter-goedkeuring", "afkeuren"): "afgekeurd",
    ("afgegeven", "herzien"): "herzien",
})

# A stopped delivery may restart (iWmo: after a temporary or a definitive stop, with a new
# start message); the toewijzing's own end is its einddatum, set by the gemeente.
TOEWIJZING = StateMachine("toewijzing", {
    ("toegewezen", "starten"): "gestart",
    ("toegewezen", "wijzigen"): "toegewezen",
    ("gestart", "wijzigen"): "gestart",
    ("gestopt", "wijzigen"): "gestopt",
    ("toegewezen", "stoppen"): "gestopt",
    ("gestart", "stoppen"): "gestopt",
    ("gestopt", "starten"): "gestart",
})

BEZWAAR = StateMachine("bezwaar", {
    ("ingediend", "beslissen"): "beslist",
    ("ingediend", "verdagen"): "ingediend",
    ("ingediend", "horen"): "ingediend",
})

BEROEP = StateMachine("beroep", {
    ("ingesteld", "uitspraak-registreren"): "uitspraak",
})

CAK_MELDING = StateMachine("CAK-melding", {
    ("klaar", "melden"): "gemeld",
})
