"""What the iWmo use cases need besides the unit of work, and their shared small pieces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wmokernel.auth import Principal, Role

from ...domain.iwmo.codes import GOED, RETOURCODES
from ...iwmo.xsd import Schemas, iwmo_dir

SYSTEEM = Principal(subject="indicatie", roles=frozenset({Role.SYSTEEM.value}))
__all__ = ["GOED", "OPEN_VERZOEK", "SYSTEEM", "IwmoContext", "Retour", "retour"]
OPEN_VERZOEK = ("ontvangen", "in-onderzoek")

Retour = dict[str, Any]


@dataclass(frozen=True)
class IwmoContext:
    """The official XSDs (messages in and out are validated against them) and the gemeente's
    CBS code (Afzender of outgoing, Ontvanger of incoming messages)."""

    schemas: Schemas
    gemeentecode: str

    @classmethod
    def from_settings(cls, settings: Any) -> IwmoContext:
        """From ``IndicatieSettings``: ``iwmo_dir``/``shared_dir`` and ``gemeentecode``."""
        return cls(schemas=Schemas(iwmo_dir(settings.iwmo_dir, settings.shared_dir)),
                   gemeentecode=settings.gemeentecode)


def retour(code: str, onderdeel: str, toelichting: str | None = None, *,
           klasse: str | None = None, nummer: int = 1) -> Retour:
    """One WJ001 retourcode on one part of a message. ``klasse`` and ``nummer`` place it in
    the XML (the nummer-th element of that berichtklasse in document order; by default the
    first word of ``onderdeel``); the rules' explanation of a code (``regels.Code``) is kept
    as its toelichting."""
    return {"code": str(code), "betekenis": RETOURCODES.get(code, ""), "onderdeel": onderdeel,
            "toelichting": toelichting or getattr(code, "toelichting", None),
            "klasse": klasse or onderdeel.split(" ", 1)[0], "nummer": nummer}
