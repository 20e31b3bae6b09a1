"""The stateful iWmo rules and their WJ001 retourcodes, as pure functions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from indicatie.iwmo import regels
from indicatie.iwmo.berichten import Kop, NieuwRegel, Prestatie, StartRegel, StopRegel, VotRegel
from indicatie.iwmo.regels import EerderePrestatie, ToewijzingStand

CLIENT, AGB = "p-" + "ab" * 16, "75750102"
T = ToewijzingStand(
    nummer=100001, client_id=CLIENT, aanbieder=AGB, categorie="02", code="02A05",
    ingangsdatum=date(2026, 3, 2), einddatum=date(2026, 12, 31), volume=4, eenheid="04",
    frequentie="2", status="toegewezen", startdatum=None, stopdatum=None,
    reden_beeindiging=None, tarief_cents=7280)
TODAY = date(2026, 6, 1)


def start(begin: date = date(2026, 3, 9), nummer: int = 100001, code: str = "02A05",
          status: str = "1") -> StartRegel:
    return StartRegel(toewijzingnummer=nummer, categorie=code[:2], code=code,
                      toewijzing_ingangsdatum=date(2026, 3, 2), begindatum=begin,
                      status_aanlevering=status)


def test_header_needs_our_gemeente_and_no_future_dagtekening() -> None:
    assert regels.kop(Kop("WMO305", AGB, "0344", "1", TODAY), "0344", TODAY) == []
    assert regels.kop(Kop("WMO305", AGB, "0363", "1", date(2026, 6, 2)), "0344", TODAY) == [
        "S300", "8848"]


def test_a_start_must_match_a_toewijzing_and_comes_once() -> None:
    assert regels.start(start(), T, CLIENT, AGB, TODAY) == []
    assert regels.start(start(), None, CLIENT, AGB, TODAY) == ["9019"]
    assert regels.start(start(), T, "p-" + "cd" * 16, AGB, TODAY) == ["9019"]
    assert regels.start(start(), T, CLIENT, "75750101", TODAY) == ["9019"]
    assert regels.start(start(code="07A01"), T, CLIENT, AGB, TODAY) == ["9019"]
    assert regels.start(start(begin=date(2026, 3, 1)), T, CLIENT, AGB, TODAY) == ["9019"]
    gestart = replace(T, status="gestart", startdatum=date(2026, 3, 9))
    assert regels.start(start(), gestart, CLIENT, AGB, TODAY) == ["9074"]
    assert regels.start(start(begin=date(2026, 4, 1)), gestart, CLIENT, AGB, TODAY) == ["9326"]
    assert regels.start(start(status="3"), T, CLIENT, AGB, TODAY) == ["9063"]
    assert regels.start(start(begin=date(2026, 6, 5)), T, CLIENT, AGB, TODAY) == ["0001"]


def stop(begin: date = date(2026, 3, 9), eind: date = date(2026, 5, 29),
         reden: str = "19") -> StopRegel:
    return StopRegel(toewijzingnummer=100001, categorie="02", code="02A05",
                     toewijzing_ingangsdatum=None, begindatum=begin, status_aanlevering="1",
                     reden_beeindiging=reden, einddatum=eind)


def test_a_stop_needs_its_start() -> None:
    gestart = replace(T, status="gestart", startdatum=date(2026, 3, 9))
    assert regels.stop(stop(), gestart, CLIENT, AGB, TODAY) == []
    assert regels.stop(stop(), T, CLIENT, AGB, TODAY) == ["9069"]
    assert regels.stop(stop(begin=date(2026, 3, 10)), gestart, CLIENT, AGB, TODAY) == ["9069"]
    assert regels.stop(stop(), None, CLIENT, AGB, TODAY) == ["9019"]
    gestopt = replace(gestart, status="gestopt", stopdatum=date(2026, 5, 29),
                      reden_beeindiging="19")
    assert regels.stop(stop(), gestopt, CLIENT, AGB, TODAY) == ["9415"]
    tijdelijk = replace(gestopt, reden_beeindiging="20")
    assert regels.stop(stop(reden="20"), tijdelijk, CLIENT, AGB, TODAY) == ["9413"]
    assert regels.stop(stop(eind=date(2026, 3, 1)), gestart, CLIENT, AGB, TODAY) == ["0001"]


def vot(code: str | None = "02A05", begin: date = date(2026, 7, 1)) -> VotRegel:
    return VotRegel(referentie_aanbieder="VOT-1", categorie="02", code=code,
                    ingangsdatum=begin, einddatum=None, omvang=None, budget_cents=None,
                    beschikkingnummer=None)


def test_a_verzoek_om_toewijzing_no_overlap_no_pending_unique_reference() -> None:
    kw = dict(referentie_bekend=False, open_verzoek=False, lopend=[T])
    assert regels.vot(vot(begin=date(2027, 1, 1)), productcategorie="02", **kw) == []  # type: ignore[arg-type]
    assert regels.vot(vot(), productcategorie="02", **kw) == ["9361"]  # type: ignore[arg-type]
    assert regels.vot(vot("99X99", date(2027, 1, 1)), productcategorie=None,
                      **kw) == ["S329"]  # type: ignore[arg-type]
    assert regels.vot(vot(begin=date(2027, 1, 1)), productcategorie="02",
                      referentie_bekend=True, open_verzoek=True, lopend=[]) == ["9347", "9374"]


def test_a_verzoek_om_wijziging_names_every_current_toewijzing() -> None:
    other = replace(T, nummer=100002, code="07A01", categorie="07")
    kw = dict(onbekende_codes=set(), referentie_bekend=False, open_verzoek=False)
    assert regels.vow([100001, 100002], [], [], actueel=[T, other], **kw) == []  # type: ignore[arg-type]
    assert regels.vow([100001], [], [], actueel=[T, other], **kw) == ["9349"]  # type: ignore[arg-type]
    assert regels.vow([100001, 100002, 5], [], [], actueel=[T, other],
                      **kw) == ["9350"]  # type: ignore[arg-type]
    nieuw = NieuwRegel(categorie="02", code="02A05", gewenste_ingangsdatum=date(2026, 6, 1),
                       einddatum=None, omvang=None)
    assert regels.vow([100001, 100002], [], [nieuw], actueel=[T, other],
                      **kw) == ["9361"]  # type: ignore[arg-type]


def prestatie(volume: int = 8, **kw: object) -> Prestatie:
    base: dict[str, object] = dict(
        bsn="123456782", referentie="R1", vorige_referentie=None, toewijzingnummer=100001,
        categorie="02", code="02A05", begindatum=date(2026, 4, 1),
        einddatum=date(2026, 4, 30), volume=volume, eenheid="04", tarief_cents=7280,
        bedrag_cents=volume * 7280, debet_credit="D")
    base.update(kw)
    return Prestatie(**base)  # type: ignore[arg-type]


def check(p: Prestatie, t: ToewijzingStand | None = T, client: str = CLIENT,
          eerder: list[EerderePrestatie] | None = None) -> list[str]:
    return regels.prestatie(p, t, client, AGB, declaratie_begin=date(2026, 4, 1),
                            declaratie_eind=date(2026, 4, 30), eerder=eerder or [],
                            zelfde_referentie=eerder or [])


def test_toegewezen_volume_per_period() -> None:
    april = (date(2026, 4, 1), date(2026, 4, 30))
    assert regels.toegewezen_volume(T, *april) == 4 * 5  # 30 days: 5 (started) weeks
    assert regels.toegewezen_volume(replace(T, frequentie="1"), *april) == 120
    assert regels.toegewezen_volume(replace(T, frequentie="4"), *april) == 4
    assert regels.toegewezen_volume(replace(T, frequentie="6"), *april) == 4


def test_a_declared_prestatie_fits_its_toewijzing() -> None:
    assert check(prestatie()) == []
    assert check(prestatie(volume=21)) == ["9321"]
    earlier = [EerderePrestatie("R0", "D", date(2026, 4, 1), date(2026, 4, 15), 15)]
    assert check(prestatie(volume=8), eerder=earlier) == ["9322"]
    assert check(prestatie(), t=None) == ["9338"]
    assert check(prestatie(), client="p-" + "cd" * 16) == ["8187"]
    assert check(prestatie(code="07A01", categorie="07", eenheid="16")) == [
        "9339", "9340", "9341"]
    assert check(prestatie(einddatum=date(2026, 5, 3))) == ["9319"]
    assert check(prestatie(bedrag_cents=1)) == ["9346"]
    assert check(prestatie(tarief_cents=7000, bedrag_cents=8 * 7000)) == ["0611"]
    late = replace(T, ingangsdatum=date(2026, 4, 10))
    assert check(prestatie(), t=late) == ["9307"]


def test_credit_needs_a_debet_and_a_reference_is_declared_once() -> None:
    debet = [EerderePrestatie("R1", "D", date(2026, 4, 1), date(2026, 4, 30), 8)]
    assert check(prestatie(), eerder=debet) == ["8021"]
    assert check(prestatie(debet_credit="C")) == ["8017"]
    assert check(prestatie(debet_credit="C"), eerder=debet) == []
    credited = [*debet, EerderePrestatie("R1", "C", date(2026, 4, 1), date(2026, 4, 30), 8)]
    assert check(prestatie(debet_credit="C"), eerder=credited) == ["9390"]
    assert check(prestatie(), eerder=credited) == []  # corrected after the credit


def test_the_iwmo_terms() -> None:
    # Friday 24 April 2026 + 5 werkdagen: Mon 27 (Koningsdag) is skipped → Mon 4 May.
    assert regels.antwoord_uiterlijk(date(2026, 4, 24)) == date(2026, 5, 4)
    assert regels.regiebericht_uiterlijk(date(2026, 6, 1)) == date(2026, 6, 8)
    assert regels.definitief_uiterlijk(date(2026, 6, 1)) == date(2026, 7, 27)
