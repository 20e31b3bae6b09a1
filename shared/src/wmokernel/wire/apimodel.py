"""Base model for JSON on the wire: camelCase fields (NL GOV API Design Rules)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class CamelModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")

    def dump(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True)
