"""Base model for JSON on the wire: camelCase fields (NL GOV API Design Rules)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationInfo, field_validator
from pydantic.alias_generators import to_camel


class CamelModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _dates_as_written(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name is None or value is None:
            return value
        annotation = cls.model_fields[info.field_name].annotation
        if annotation in (date, date | None):
            return _iso_only(value)
        if annotation in _NUMBERS and isinstance(value, bool):
            # Pydantic reads true as 1; a number on the wire is written as a number.
            raise ValueError("a number is expected, not true or false")
        return value

    def dump(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True)


_NUMBERS = (int, int | None, float, float | None)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_only(value: object) -> object:
    """Pydantic reads a number as a Unix time; a date on the wire is written YYYY-MM-DD."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_only)]
