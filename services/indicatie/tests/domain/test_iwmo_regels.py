"""The stateful iWmo rules and their WJ001 retourcodes, as pure functions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from indicatie.domain.iwmo import regels
from indicatie.domain.iwmo.berichten import (
    Kop,
    NieuwRegel,
    Omvang,
    Prestatie,
    StartRegel,
    StopRegel,
    TeWijzigenRegel,
    VotRegel,
)
from indicatie.domain.iwmo.regels import EerderePrestatie, ToewijzingStand
from indicatie.domain.leveringsperioden import Periode

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


def gestart(*perioden: Periode) -> ToewijzingStand:
    return replace(T, status="gestart", perioden=perioden or (Periode(date(2026, 3, 9)),))


def test_a_start_must_match_a_toewijzing_and_comes_once() -> None:
    assert regels.start(start(), T, CLIENT, AGB, TODAY) == []
    assert regels.start(start(), None, CLIENT, AGB, TODAY) == ["9019"]
    assert regels.start(start(), T, "p-" + "cd" * 16, AGB, TODAY) == ["9019"]
    assert regels.start(start(), T, CLIENT, "75750101", TODAY) == ["9019"]
    assert regels.start(start(code="07A01"), T, CLIENT, AGB, TODAY) == ["9019"]
    assert regels.start(start(begin=date(2026, 3, 1)), T, CLIENT, AGB, TODAY) == ["9019"]
    assert regels.start(start(), gestart(), CLIENT, AGB, TODAY) == ["9074"]
    assert regels.start(start(begin=date(2026, 4, 1)), gestart(), CLIENT, AGB, TODAY) == [
        "9326"]
    assert regels.start(start(begin=date(2026, 6, 5)), T, CLIENT, AGB, TODAY) == ["0001"]
    vervangen = replace(T, actueel=False)
    assert regels.start(start(), vervangen, CLIENT, AGB, TODAY) == ["9019"]


def test_a_stopped_delivery_restarts_with_a_new_begindatum() -> None:
    pauze = gestart(Periode(date(2026, 3, 9), date(2026, 4, 10), "20"))
    assert regels.start(start(begin=date(2026, 4, 20)), pauze, CLIENT, AGB, TODAY) == []
    assert regels.start(start(begin=date(2026, 4, 10)), pauze, CLIENT, AGB, TODAY) == [
        "9326"], "the restart lies in the delivery that ran until the stop"
    assert regels.start(start(), pauze, CLIENT, AGB, TODAY) == ["9074"]
    klaar = gestart(Periode(date(2026, 3, 9), date(2026, 4, 10), "19"))
    assert regels.start(start(begin=date(2026, 5, 4)), klaar, CLIENT, AGB, TODAY) == [], \
        "definitively stopped care may restart too (Procesbeschrijving Start en stop melden)"


def test_a_start_is_withdrawn_only_while_its_delivery_runs() -> None:
    weg = start(status="3")
    assert regels.start(weg, T, CLIENT, AGB, TODAY) == ["9063"], "no start to withdraw"
    assert regels.start(weg, gestart(), CLIENT, AGB, TODAY) == []
    gestopt = gestart(Periode(date(2026, 3, 9), date(2026, 4, 10), "19"))
    assert regels.start(weg, gestopt, CLIENT, AGB, TODAY) == ["9071"]
    assert regels.start(start(status="2"), gestart(), CLIENT, AGB, TODAY) == []
    assert regels.start(start(status="2"), T, CLIENT, AGB, TODAY) == ["9063"]


def stop(begin: date = date(2026, 3, 9), eind: date = date(2026, 5, 29),
         reden: str = "19", status: str = "1") -> StopRegel:
    return StopRegel(toewijzingnummer=100001, categorie="02", code="02A05",
                     toewijzing_ingangsdatum=None, begindatum=begin, status_aanlevering=status,
                     reden_beeindiging=reden, einddatum=eind)


def test_a_stop_needs_its_start() -> None:
    assert regels.stop(stop(), gestart(), CLIENT, AGB, TODAY) == []
    assert regels.stop(stop(), T, CLIENT, AGB, TODAY) == ["9069"]
    assert regels.stop(stop(begin=date(2026, 3, 10)), gestart(), CLIENT, AGB, TODAY) == ["9069"]
    assert regels.stop(stop(), None, CLIENT, AGB, TODAY) == ["9019"]
    assert regels.stop(stop(eind=date(2026, 3, 1)), gestart(), CLIENT, AGB, TODAY) == ["0001"]
    assert regels.stop(stop(status="2"), gestart(), CLIENT, AGB, TODAY) == ["9063"], \
        "a changed stop needs an earlier one"


def test_a_temporary_stop_is_followed_by_a_definitive_one_not_another() -> None:
    gestopt = gestart(Periode(date(2026, 3, 9), date(2026, 5, 29), "19"))
    assert regels.stop(stop(), gestopt, CLIENT, AGB, TODAY) == ["9415"]
    tijdelijk = gestart(Periode(date(2026, 3, 9), date(2026, 4, 30), "20"))
    assert regels.stop(stop(reden="20"), tijdelijk, CLIENT, AGB, TODAY) == ["9413"]
    assert regels.stop(stop(eind=date(2026, 4, 20)), tijdelijk, CLIENT, AGB, TODAY) == ["9414"]
    assert regels.stop(stop(), tijdelijk, CLIENT, AGB, TODAY) == []
    assert regels.stop(stop(status="2"), tijdelijk, CLIENT, AGB, TODAY) == []
    herstart = gestart(Periode(date(2026, 3, 9), date(2026, 4, 30), "20"),
                       Periode(date(2026, 5, 4)))
    assert regels.stop(stop(), herstart, CLIENT, AGB, TODAY) == ["0001"], \
        "the running delivery is stopped with its own Begindatum"
    assert regels.stop(stop(begin=date(2026, 5, 4)), herstart, CLIENT, AGB, TODAY) == []


def test_a_stop_is_withdrawn_only_when_there_is_one_and_no_restart_followed() -> None:
    weg = stop(status="3")
    assert regels.stop(weg, gestart(), CLIENT, AGB, TODAY) == ["9063"]
    assert regels.stop(weg, T, CLIENT, AGB, TODAY) == ["9069"]
    gestopt = gestart(Periode(date(2026, 3, 9), date(2026, 4, 30), "20"))
    assert regels.stop(weg, gestopt, CLIENT, AGB, TODAY) == []
    herstart = gestart(Periode(date(2026, 3, 9), date(2026, 4, 30), "20"),
                       Periode(date(2026, 5, 4)))
    assert regels.stop(weg, herstart, CLIENT, AGB, TODAY) == ["0001"]


def vot(code: str | None = "02A05", begin: date = date(2026, 7, 1)) -> VotRegel:
    return VotRegel(referentie_aanbieder="VOT-1", categorie="02", code=code,
                    ingangsdatum=begin, einddatum=None, omvang=None, budget_cents=None,
                    beschikkingnummer=None)


def test_a_verzoek_om_toewijzing_no_pending_unique_reference() -> None:
    kw = dict(referentie_bekend=False, open_verzoek=False, lopend=[T])
    assert regels.vot(vot(begin=date(2027, 1, 1)), productcategorie="02", **kw) == []  # type: ignore[arg-type]
    # 9361 belongs to the WMO317 (WJ001): an overlap with a running toewijzing is refused
    # when the toewijzing is made, the verzoek itself is accepted
    assert regels.vot(vot(), productcategorie="02", **kw) == []  # type: ignore[arg-type]
    assert regels.vot(vot("99X99", date(2027, 1, 1)), productcategorie=None,
                      **kw) == ["S329"]  # type: ignore[arg-type]
    assert regels.vot(vot(begin=date(2027, 1, 1)), productcategorie="02",
                      referentie_bekend=True, open_verzoek=True, lopend=[]) == ["9347", "9374"]


def vow(*args: object, **kw: object) -> list[str]:
    return [r.code for r in regels.vow(*args, referentie="VOW-1", **kw)]  # type: ignore[arg-type]


def test_a_verzoek_om_wijziging_names_every_current_toewijzing() -> None:
    other = replace(T, nummer=100002, code="07A01", categorie="07")
    kw = dict(onbekende_codes=set(), referentie_bekend=False, open_verzoek=False)
    assert vow([100001, 100002], [], [], actueel=[T, other], **kw) == []  # type: ignore[arg-type]
    assert vow([100001], [], [], actueel=[T, other], **kw) == ["9349"]  # type: ignore[arg-type]
    assert vow([100001, 100002, 5], [], [], actueel=[T, other],
                      **kw) == ["9350"]  # type: ignore[arg-type]
    # each code on its part: the unknown OngewijzigdProduct (3rd) and the TeWijzigenProduct
    wijzig = TeWijzigenRegel(toewijzingnummer=7, gewenste_ingangsdatum=date(2026, 7, 1),
                             einddatum=None, omvang=None)
    found = regels.vow([100001, 100002, 5], [wijzig], [], referentie="VOW-1",
                       actueel=[T, other], onbekende_codes=set(), referentie_bekend=True,
                       open_verzoek=False)
    assert [(r.klasse, r.nummer, r.code) for r in found] == [
        ("Verzoek", 1, "9347"), ("OngewijzigdProduct", 3, "9350"),
        ("TeWijzigenProduct", 1, "9351")]
    assert found[0].onderdeel == "Verzoek VOW-1"
    nieuw = NieuwRegel(categorie="02", code="02A05", gewenste_ingangsdatum=date(2026, 6, 1),
                       einddatum=None, omvang=None)
    assert vow([100001, 100002], [], [nieuw], actueel=[T, other],
                      **kw) == ["9361"]  # type: ignore[arg-type]


def test_a_verzoek_om_wijziging_changes_with_an_omvang_and_not_retroactively() -> None:
    kw: dict[str, object] = dict(onbekende_codes=set(), referentie_bekend=False,
                                 open_verzoek=False, dagtekening=date(2026, 6, 1))
    meer = Omvang(volume=6, eenheid="04", frequentie="2")

    def wijzig(begin: date, omvang: Omvang | None = meer,
               eind: date | None = None) -> TeWijzigenRegel:
        return TeWijzigenRegel(toewijzingnummer=100001, gewenste_ingangsdatum=begin,
                               einddatum=eind, omvang=omvang)

    assert vow([], [wijzig(date(2026, 6, 8))], [], actueel=[T], **kw) == []  # type: ignore[arg-type]
    assert vow([], [wijzig(date(2026, 6, 8), None)], [], actueel=[T],
                      **kw) == ["9411"]  # type: ignore[arg-type]
    assert vow([], [wijzig(date(2026, 5, 4))], [], actueel=[T],
                      **kw) == ["9357"]  # type: ignore[arg-type]
    # from the toewijzing's own ingangsdatum is allowed, also when that has passed
    assert vow([], [wijzig(T.ingangsdatum)], [], actueel=[T], **kw) == []  # type: ignore[arg-type]
    nieuw = NieuwRegel(categorie="02", code="02A05", gewenste_ingangsdatum=date(2026, 9, 1),
                       einddatum=None, omvang=meer)
    assert vow([], [wijzig(date(2026, 6, 8), eind=date(2026, 8, 31))], [nieuw],
                      actueel=[T], **kw) == []  # type: ignore[arg-type]
    assert vow([], [wijzig(date(2026, 6, 8))], [nieuw], actueel=[T],
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
    assert check(prestatie(einddatum=date(2026, 5, 31))) == ["9319"]
    assert check(prestatie(bedrag_cents=1)) == ["9346"]
    assert check(prestatie(tarief_cents=7000, bedrag_cents=8 * 7000)) == ["0611"]
    late = replace(T, ingangsdatum=date(2026, 4, 10))
    assert check(prestatie(), t=late) == ["9307"]


def test_a_product_period_covers_its_calendar_month() -> None:
    assert check(prestatie(begindatum=date(2026, 4, 6))) == ["9387"]
    assert check(prestatie(einddatum=date(2026, 4, 24), volume=4)) == ["9388"]
    # the toewijzing begins or ends within the month: the period follows it
    mid = replace(T, ingangsdatum=date(2026, 4, 6), einddatum=date(2026, 4, 24))
    assert check(prestatie(begindatum=date(2026, 4, 6), einddatum=date(2026, 4, 24), volume=4),
                 t=mid) == []
    assert check(prestatie(begindatum=date(2026, 4, 13), einddatum=date(2026, 4, 24),
                           volume=4), t=mid) == [], "later than the first day, in that month"
    eerder = replace(T, ingangsdatum=date(2026, 3, 16))
    assert check(prestatie(begindatum=date(2026, 4, 6)), t=eerder) == ["9387"], \
        "the toewijzing began in an earlier month"


def test_a_budget_toewijzing_is_declared_in_euros_within_its_budget() -> None:
    budget = replace(T, budget_cents=50000)  # € 500
    euro = dict(eenheid="83", tarief_cents=100)
    assert check(prestatie(volume=300, bedrag_cents=30000, **euro), t=budget) == []
    earlier = [EerderePrestatie("R0", "D", date(2026, 3, 1), date(2026, 3, 31), 300)]
    assert check(prestatie(volume=250, bedrag_cents=25000, **euro), t=budget,
                 eerder=earlier) == ["9369"], "300 + 250 euro above the budget of 500"
    credited = [*earlier, EerderePrestatie("R0", "C", date(2026, 3, 1), date(2026, 3, 31), 300)]
    assert check(prestatie(volume=250, bedrag_cents=25000, **euro), t=budget,
                 eerder=credited) == []
    assert check(prestatie(), t=budget) == ["9341"], "hours on a budget"
    assert check(prestatie(), t=replace(T, reden_wijziging="13")) == ["9384"]


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


def test_every_0001_says_why() -> None:
    """0001 ("afgekeurd om technische redenen") alone tells the provider nothing: each one
    the rules give carries its reason (shown in the JSON answer, not in the XML)."""
    herstart = gestart(Periode(date(2026, 3, 9), date(2026, 4, 30), "20"),
                       Periode(date(2026, 5, 4)))
    gevallen = {
        "toekomst": regels.start(start(begin=date(2026, 6, 5)), T, CLIENT, AGB, TODAY),
        "voor de Begindatum": regels.stop(stop(eind=date(2026, 3, 1)), gestart(), CLIENT, AGB,
                                          TODAY),
        "toekomst ": regels.stop(stop(eind=date(2026, 6, 20)), gestart(), CLIENT, AGB, TODAY),
        "opnieuw gestart": regels.stop(stop(), herstart, CLIENT, AGB, TODAY),
        "ingetrokken": regels.stop(stop(status="3"), herstart, CLIENT, AGB, TODAY),
    }
    for woord, codes in gevallen.items():
        [code] = codes
        assert code == "0001" and code.toelichting and woord.strip() in code.toelichting, (
            woord, code.toelichting)
