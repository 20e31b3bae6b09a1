"""Burgerservicenummer (BSN) validation and pseudonymisation."""

from __future__ import annotations

import hashlib
import hmac
import re

from stdnum.exceptions import ValidationError
from stdnum.nl import bsn as _stdnum_bsn

__all__ = ["InvalidBsn", "Pseudonymizer", "is_valid_bsn", "normalize_bsn", "pseudonymize"]

_SEPARATORS = re.compile(r"[\s.]")
_PSEUDONYM_HEX_CHARS = 32


class InvalidBsn(ValueError):
    """Raised when a value is not a valid BSN (9 digits passing the elfproef)."""


def normalize_bsn(value: str) -> str:
    """Return the 9-digit BSN for ``value`` or raise InvalidBsn.

    Spaces and dots are stripped; an 8-digit number is left-padded with a zero.
    """
    digits = _SEPARATORS.sub("", value)
    # stdnum.compact zero-fills anything shorter to 9 digits, so "1234" could pass the
    # elfproef; only the historical 8-digit form may be padded.
    if not (digits.isascii() and digits.isdigit()) or len(digits) not in (8, 9):
        raise InvalidBsn("invalid BSN: expected 8 or 9 digits")
    try:
        return str(_stdnum_bsn.validate(digits.zfill(9)))
    except ValidationError as exc:
        raise InvalidBsn(f"invalid BSN: {exc}") from exc


def is_valid_bsn(value: str) -> bool:
    try:
        normalize_bsn(value)
    except InvalidBsn:
        return False
    return True


def pseudonymize(bsn: str, key: bytes) -> str:
    """Pseudonymous client id: ``"p-"`` + the first 32 hex chars of
    HMAC-SHA256(key, normalized BSN). Raises InvalidBsn for an invalid BSN."""
    if not key:
        raise ValueError("pseudonymisation key must not be empty")
    digest = hmac.new(key, normalize_bsn(bsn).encode("ascii"), hashlib.sha256).hexdigest()
    return "p-" + digest[:_PSEUDONYM_HEX_CHARS]


class Pseudonymizer:
    """Holds the pseudonymisation key; call with a BSN to get its pseudonym."""

    __slots__ = ("_key",)

    def __init__(self, key: bytes) -> None:
        if not key:
            raise ValueError("pseudonymisation key must not be empty")
        self._key = key

    def __repr__(self) -> str:
        return "Pseudonymizer(key=<redacted>)"

    def __call__(self, bsn: str) -> str:
        return pseudonymize(bsn, self._key)
