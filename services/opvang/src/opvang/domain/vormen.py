"""The forms of opvang and beschermd wonen, their category and their wait norm (pure)."""

from __future__ import annotations

from wmokernel import normen
from wmokernel.events.opvang import OpvangVormDetail as Vorm

__all__ = ["BW_VORMEN", "MO_VORMEN", "Vorm", "is_bw", "norm_dagen", "vorm_uit_toegang"]

MO_VORMEN = frozenset({Vorm.MO_NACHTOPVANG, Vorm.MO_24_UURS, Vorm.MO_CRISIS, Vorm.MO_JONGEREN})
# Eerst een Thuis (Housing First) follows a BW or MO trajectory; it is placed like BW.
BW_VORMEN = frozenset({Vorm.BESCHERMD_VERBLIJF, Vorm.BESCHERMD_THUIS, Vorm.LIVING_LAB,
                       Vorm.EERST_EEN_THUIS})


def norm_dagen(vorm: str) -> int:
    """The wait norm from verwijzing to opname for ``vorm`` (``wmokernel.normen``)."""
    return normen.wachtnorm_opname_dagen(Vorm(vorm).value)


def is_bw(vorm: str) -> bool:
    """BW forms need the indicatie of the Regionale toegang before a placement."""
    return Vorm(vorm) in BW_VORMEN


def vorm_uit_toegang(gevraagd: str, *, urgent: bool) -> Vorm:
    """Maps the broad form toegang asks for (or an exact form) onto one of ours."""
    if gevraagd in Vorm.__members__.values():
        return Vorm(gevraagd)
    if gevraagd == "beschermd-wonen":
        # The Regionale toegang sets the exact BW form with the indicatie.
        return Vorm.BESCHERMD_VERBLIJF
    if gevraagd == "maatschappelijke-opvang":
        return Vorm.MO_CRISIS if urgent else Vorm.MO_24_UURS
    raise ValueError(f"unknown opvang form {gevraagd!r}")
