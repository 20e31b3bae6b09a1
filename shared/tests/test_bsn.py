import re

import pytest
from wmokernel.bsn import InvalidBsn, Pseudonymizer, is_valid_bsn, normalize_bsn, pseudonymize

KEY = b"test-key-0123456789abcdef"


@pytest.mark.parametrize("value", ["111222333", "123456782", "1112.22.333", " 111 222 333 "])
def test_valid(value: str) -> None:
    assert is_valid_bsn(value)


@pytest.mark.parametrize(
    "value",
    ["123456789", "12345678a", "abcdefghi", "1234567", "1234", "", "000000000", "1112223334"],
)
def test_invalid(value: str) -> None:
    assert not is_valid_bsn(value)
    with pytest.raises(InvalidBsn):
        normalize_bsn(value)


def test_invalid_bsn_is_value_error() -> None:
    with pytest.raises(ValueError, match="BSN"):
        normalize_bsn("123456789")


def test_normalize_strips_separators() -> None:
    assert normalize_bsn("1112.22.333") == "111222333"
    assert normalize_bsn(" 123 456 782 ") == "123456782"


def test_eight_digits_padded() -> None:
    # 0,1,2,3,4,5,6,7 weighted 9..2 sums to 112; 112 - 2 is divisible by 11.
    assert normalize_bsn("12345672") == "012345672"
    assert is_valid_bsn("12345672")


def test_pseudonym_format() -> None:
    pid = pseudonymize("111222333", KEY)
    assert re.fullmatch(r"p-[0-9a-f]{32}", pid)


def test_pseudonym_deterministic_and_normalized() -> None:
    assert pseudonymize("111222333", KEY) == pseudonymize("111222333", KEY)
    assert pseudonymize("1112.22.333", KEY) == pseudonymize("111222333", KEY)
    assert pseudonymize("12345672", KEY) == pseudonymize("012345672", KEY)


def test_pseudonym_key_and_bsn_dependent() -> None:
    assert pseudonymize("111222333", KEY) != pseudonymize("111222333", b"other-key")
    assert pseudonymize("111222333", KEY) != pseudonymize("123456782", KEY)


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "012345672"])
def test_pseudonym_does_not_contain_bsn(bsn: str) -> None:
    assert bsn not in pseudonymize(bsn, KEY)
    assert bsn.lstrip("0") not in pseudonymize(bsn, KEY)


def test_pseudonym_rejects_invalid_bsn() -> None:
    with pytest.raises(InvalidBsn):
        pseudonymize("123456789", KEY)


def test_pseudonymizer() -> None:
    p = Pseudonymizer(KEY)
    assert p("111222333") == pseudonymize("111222333", KEY)
    assert "test-key" not in repr(p)
    with pytest.raises(ValueError):
        Pseudonymizer(b"")
