from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest
from notificaties.domain.aflevering import (
    Kandidaat,
    Status,
    aan_de_beurt,
    handtekening,
    klopt,
    na_mislukking,
    nieuw_secret,
    wachttijd_s,
)
from notificaties.domain.callback import callback_fout

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_signature_is_hmac_sha256_of_the_exact_bytes() -> None:
    secret, body = nieuw_secret(), b'{"kanaal":"meldingen"}'
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert handtekening(secret, body) == "sha256=" + expected
    assert klopt(secret, body, handtekening(secret, body))
    assert not klopt(secret, body + b" ", handtekening(secret, body))
    assert not klopt(nieuw_secret(), body, handtekening(secret, body))
    assert nieuw_secret() != nieuw_secret() and len(nieuw_secret()) >= 40


@pytest.mark.parametrize("poging, ceiling", [(1, 2.0), (2, 4.0), (3, 8.0), (9, 512.0),
                                             (10, 900.0), (50, 900.0), (10_000, 900.0)])
def test_backoff_is_full_jitter_between_zero_and_the_capped_exponential(
        poging: int, ceiling: float) -> None:
    assert wachttijd_s(poging, rnd=lambda: 0.0) == 0.0
    assert wachttijd_s(poging, rnd=lambda: 0.999999) == pytest.approx(ceiling, rel=1e-5)
    for _ in range(200):
        assert 0.0 <= wachttijd_s(poging) <= ceiling


def test_retry_until_the_max_age_then_dead_letter() -> None:
    later = na_mislukking(3, nu=T0 + timedelta(hours=23), sinds=T0, max_leeftijd_s=86400,
                          rnd=lambda: 0.5)
    assert later.status is Status.WACHTEND
    assert later.volgende_poging == T0 + timedelta(hours=23, seconds=4)
    dead = na_mislukking(30, nu=T0 + timedelta(hours=24), sinds=T0, max_leeftijd_s=86400)
    assert dead.status is Status.DEAD_LETTER and dead.volgende_poging is None


def test_a_later_step_waits_for_the_earlier_one_of_the_same_subscription_and_object() -> None:
    late = T0 + timedelta(minutes=5)
    pending = [Kandidaat(1, "a", "x", late), Kandidaat(2, "a", "x", T0),
               Kandidaat(3, "a", "y", T0), Kandidaat(4, "b", "x", T0),
               Kandidaat(5, "b", "x", T0)]
    assert [k.volgnummer for k in aan_de_beurt(pending, T0)] == [3, 4]
    assert [k.volgnummer for k in aan_de_beurt(pending, late)] == [1, 3, 4]
    assert [k.volgnummer for k in aan_de_beurt(pending[1:], T0)] == [2, 3, 4]


@pytest.mark.parametrize("url, rule", [
    ("ftp://example.org/hook", "only http and https"),
    ("javascript:alert(1)", "only http and https"),
    ("https://user:pw@example.org/hook", "credentials"),
    ("https://token@example.org/hook", "credentials"),
    ("https:///hook", "a host is required"),
    ("https://example.org:99999/hook", "not a valid URL"),
    ("https://exa mple.org/", "whitespace"),
    ("https://example.org/" + "a" * 2001, "at most"),
])
def test_callback_urls_refused_name_their_rule(url: str, rule: str) -> None:
    fout = callback_fout(url, require_https=False)
    assert fout is not None and rule in fout


def test_https_required_only_when_configured() -> None:
    assert callback_fout("http://127.0.0.1:8080/hook", require_https=False) is None
    assert "https is required" in (callback_fout("http://example.org/h", require_https=True)
                                   or "")
    assert callback_fout("https://example.org/h?x=1", require_https=True) is None
