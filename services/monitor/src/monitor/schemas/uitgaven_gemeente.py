"""The API's model of the spend per municipality of residence."""

from __future__ import annotations

from pydantic import Field
from wmokernel.wire.apimodel import CamelModel


class UitgavenPost(CamelModel):
    """One amount of one municipality and the clients it belongs to. Withheld
    (``onderdrukt``) for readers other than the gemeente when it belongs to 1–4 clients, or
    could be found from the others by subtraction."""

    clienten: int | None = Field(description="distinct clients behind the amount; null: 1–4")
    bedrag_k: float | None = Field(description="× €1,000; null: withheld")
    bedrag_cents: int | None = Field(description="in euro cents; null: withheld")
    onderdrukt: bool


class UitgavenGemeente(CamelModel):
    """The spend of the year on the residents of one municipality."""

    gemeente: str = Field(description="CBS code of the municipality of residence, or "
                                      "'onbekend': clients no event named a municipality for")
    naam: str | None = Field(description="the U16 municipality's name; null outside the U16")
    gecommitteerd: UitgavenPost = Field(
        description="granted products' tarief × volume over the year (beschikkingen)")
    gerealiseerd: UitgavenPost = Field(
        description="approved prestaties (declaraties) of the care that began in the year")
    betaald: UitgavenPost = Field(
        description="of those, the ones in payment batches the bank executed")


class UitgavenPerGemeente(CamelModel):
    """Committed, realised and paid spend of a year per municipality of residence."""

    jaar: int
    onderdrukt: bool = Field(description="small numbers are withheld for this reader")
    gemeenten: list[UitgavenGemeente]
