"""The JSON of the inzageverzoek (AVG art. 15): the privacy officer's request and the export."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field
from wmokernel.inzage import InzageDienst
from wmokernel.wire.apimodel import CamelModel

from . import Bsn


class InzageverzoekIn(CamelModel):
    """A resident's request to see what the platform holds on them, as the privacy officer
    registers it: the resident's BSN (in the body, never in a URL)."""

    bsn: Bsn = Field(description="BSN of the resident (elfproef)", examples=["111222333"])
    toelichting: str | None = Field(
        default=None, min_length=3, max_length=200,
        description="the officer's reference (e.g. the letter's date), for the audit log")


class InzageExport(CamelModel):
    """Everything the platform holds on one resident, per service and record type, with every
    processing of their data each service logged (who, when, what, why). Complete or not at
    all: a service that cannot be asked fails the request (503)."""

    id: uuid.UUID = Field(description="the inzageverzoek; each service logged its part with it")
    client_id: str = Field(description="the resident's pseudonymous client id")
    verzameld_op: datetime
    door: str = Field(description="the privacy officer who asked")
    diensten: dict[str, InzageDienst] = Field(
        description="per service (toegang, indicatie, opvang, monitor, notificaties): its "
                    "records of the resident per record type and its processing log")
