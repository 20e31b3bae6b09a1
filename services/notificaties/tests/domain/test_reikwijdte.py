from __future__ import annotations

import pytest
from notificaties.domain.reikwijdte import GeenGemeente, mag_ontvangen, reikwijdte

U16 = ["0321", "0355", "0344", "0310", "0312"]


def test_utrecht_systems_and_gemeente_see_all() -> None:
    assert reikwijdte({"systeem"}, None, "0344") is None
    assert reikwijdte({"gemeente"}, "0344", "0344") is None
    assert reikwijdte({"gemeente", "u16-gemeente"}, "0344", "0344") is None


def test_a_u16_municipality_is_confined_to_its_own_code() -> None:
    assert reikwijdte({"u16-gemeente"}, "0321", "0344") == "0321"


def test_another_gemeente_claim_confines_whatever_the_roles() -> None:
    assert reikwijdte({"gemeente"}, "0355", "0344") == "0355"
    assert reikwijdte({"systeem", "u16-gemeente"}, "0321", "0344") == "0321"


def test_a_u16_token_without_gemeente_or_another_role_is_refused() -> None:
    with pytest.raises(GeenGemeente):
        reikwijdte({"u16-gemeente"}, None, "0344")
    with pytest.raises(GeenGemeente):
        reikwijdte({"aanbieder"}, None, "0344")


@pytest.mark.parametrize("abonnee", U16)
@pytest.mark.parametrize("inwoner", U16)
def test_a_confined_subscription_receives_only_its_own_residents(abonnee: str,
                                                                 inwoner: str) -> None:
    assert mag_ontvangen(abonnee, inwoner) is (abonnee == inwoner)
    assert mag_ontvangen(None, inwoner) is True
