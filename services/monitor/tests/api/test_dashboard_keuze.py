"""The public dashboard as a policy officer reads it, against real PostgreSQL: the year and
municipality selectors (GET ``?jaar=&gemeente=``), the opvang figures of one U16 municipality's
residents (small numbers hidden there too), what the page says is not split by municipality,
the funnel's aanvragen that came from a melding, and the parameters in the OpenAPI document.

In 2025: Zeist (0355) has 7 residents taken in in March after 30 days (within the 91-day
norm), 6 of whom left in June; Houten (0321) 5 taken in in March after 120 days; Bunnik
(0312) 2 after 30 days (too few to show on their own). Toegang had
6 meldingen; indicatie 8 aanvragen, 5 of them after a melding.
"""

from __future__ import annotations

import html as html_lib
import re
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
from devstack.testing import MakeDatabase
from wmokernel.catalogue import EventPayload
from wmokernel.events import indicatie as ind
from wmokernel.events import opvang as opv
from wmokernel.events import toegang as tg

from .helpers import projected_app

JAAR = 2025
ZEIST, HOUTEN, BUNNIK = "0355", "0321", "0312"


def client(i: int) -> str:
    return f"p-{i:032x}"


def opname(i: int, gemeente: str, wacht: int, uit: date | None) -> list[EventPayload]:
    op = date(JAAR, 3, 10)
    common: dict[str, Any] = dict(
        aanmelding_id=uuid.uuid4(), client_id=client(i), gemeente=gemeente,
        plaatsing_id=uuid.uuid4(), vorm=opv.OpvangVormDetail.BESCHERMD_VERBLIJF,
        locatie_id=uuid.uuid4(), locatie_gemeente="0344", bovenregionaal=False, capaciteit=20)
    out: list[EventPayload] = [opv.ClientOpgenomen(
        **common, verwezen_op=op - timedelta(days=wacht), opgenomen_op=op, wachtdagen=wacht,
        norm_dagen=91, binnen_norm=wacht <= 91)]
    if uit is not None:
        out.append(opv.ClientUitgestroomd(
            **common, opgenomen_op=op, uitgestroomd_op=uit, verblijfsdagen=(uit - op).days,
            bestemming=opv.UitstroomBestemming.ZELFSTANDIG_WONEN))
    return out


def scenario() -> list[EventPayload]:
    events: list[EventPayload] = []
    for i in range(7):
        events += opname(i, ZEIST, 30, date(JAAR, 6, 15) if i < 6 else None)
    for i in range(7, 12):
        events += opname(i, HOUTEN, 120, None)
    for i in range(12, 14):
        events += opname(i, BUNNIK, 30, None)
    meldingen = [uuid.uuid4() for _ in range(6)]
    for i, m in enumerate(meldingen):
        op = date(JAAR, 2, 1 + i)
        events.append(tg.MeldingOntvangen(
            melding_id=m, client_id=client(20 + i), kanaal=tg.Kanaal.BUURTTEAM, gemeld_op=op,
            wijk="overvecht", eerste_contact_uiterlijk=op + timedelta(days=7),
            onderzoek_uiterlijk=op + timedelta(weeks=6)))
    for i in range(8):
        op = date(JAAR, 4, 1 + i)
        events.append(ind.AanvraagOntvangen(
            aanvraag_id=uuid.uuid4(), client_id=client(30 + i),
            melding_id=meldingen[i] if i < 5 else None, ontvangen_op=op,
            beslissen_uiterlijk=op + timedelta(weeks=2)))
    return events


def rows(page: str) -> dict[str, list[str]]:
    """The page's table rows: the row header's text → the cells' texts (of the first table
    that has that row header)."""
    out: dict[str, list[str]] = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        th = re.search(r'<th scope="row">(.*?)</th>', tr, re.S)
        if th:
            key = " ".join(re.sub(r"<.*?>", "", th.group(1)).split())
            out.setdefault(key, [" ".join(html_lib.unescape(c).split())
                                 for c in re.findall(r"<td>(.*?)</td>", tr, re.S)])
    return out


def section(page: str, sid: str) -> str:
    start = page.index(f'<section id="{sid}"')
    return page[start:page.index("</section>", start)]


def text(fragment: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<.*?>", " ", fragment)).split())


async def pages(make_database: MakeDatabase, requests: list[tuple[str, dict[str, Any]]]
                ) -> list[httpx.Response]:
    app = await projected_app(make_database, "dashboard_keuze", scenario())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://x") as http:
        return [await http.get(path, params=params) for path, params in requests]


async def test_one_municipality_shows_its_residents_opvang_and_says_what_is_not_split(
        make_database: MakeDatabase) -> None:
    alle, zeist, houten, bunnik, alle2, via_api = await pages(make_database, [
        ("/dashboard", {"jaar": JAAR}), ("/dashboard", {"jaar": JAAR, "gemeente": ZEIST}),
        ("/dashboard", {"jaar": JAAR, "gemeente": HOUTEN}),
        ("/dashboard", {"jaar": JAAR, "gemeente": BUNNIK}),
        ("/dashboard", {"jaar": JAAR, "gemeente": "alle"}),
        ("/api/v1/dashboard", {"jaar": JAAR, "gemeente": ZEIST})])
    for r in (alle, zeist, houten, bunnik, alle2, via_api):
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")

    # the opvang table: bezette plekken, wachtenden, uitstroom per month
    assert rows(section(alle.text, "opvang"))["mrt"] == ["14", "0", "0"]
    assert rows(section(alle.text, "opvang"))["jun"] == ["8", "0", "6"]
    assert rows(section(zeist.text, "opvang"))["mrt"] == ["7", "0", "0"]
    assert rows(section(zeist.text, "opvang"))["jun"] == ["<5", "0", "6"]
    assert rows(section(houten.text, "opvang"))["jun"] == ["5", "0", "0"]
    assert rows(section(bunnik.text, "opvang"))["mrt"] == ["<5", "0", "0"]
    assert alle2.text == alle.text and via_api.text == zeist.text

    # the wait to opname: the share within the norm and the days beside it, in the legend
    legend = text(section(alle.text, "wachttijden"))
    assert ("Opname opvang/BW (norm 91 dagen): 64 % binnen de norm, gemiddeld 62,1 dagen"
            in legend), legend
    legend = text(section(zeist.text, "wachttijden"))
    assert ("Opname opvang/BW (norm 91 dagen), Zeist: 100 % binnen de norm, gemiddeld 30 "
            "dagen") in legend
    assert "Aanvullende zorg (norm 14 dagen), heel Utrecht" in legend
    legend = text(section(houten.text, "wachttijden"))
    assert ("Opname opvang/BW (norm 91 dagen), Houten: 0 % binnen de norm, gemiddeld 120 "
            "dagen") in legend
    # Bunnik's 2 are hidden: no share, no average
    legend = text(section(bunnik.text, "wachttijden"))
    assert ("Opname opvang/BW (norm 91 dagen), Bunnik: niet getoond (kleine aantallen)"
            in legend), legend
    assert rows(section(bunnik.text, "wachttijden"))["mrt"][4:] == ["–", "–"]
    assert rows(section(zeist.text, "wachttijden"))["mrt"][4:] == ["100,0 %", "30"]
    assert rows(section(houten.text, "wachttijden"))["mrt"][4:] == ["0,0 %", "120"]

    # the page names the municipality, keeps it selected, and says what is not split by it
    assert "<h1>Wmo-monitor 2025 – Zeist</h1>" in zeist.text
    assert re.search(r'<option value="0355" selected>Zeist</option>', zeist.text)
    assert re.search(r'<option value="2025" selected>2025</option>', zeist.text)
    bereik = text(zeist.text[zeist.text.index('id="bereik"'):])
    assert "Niet per gemeente uitgesplitst zijn eerste contact en aanvullende zorg" in bereik
    for sid in ("trechter", "termijnen", "hulpmiddelen", "budget"):
        assert "Niet per gemeente uitgesplitst" in section(zeist.text, sid), sid
        assert "Niet per gemeente uitgesplitst" not in section(alle.text, sid), sid
    # the Wmo chain is gemeente Utrecht's whatever the municipality
    assert rows(section(zeist.text, "trechter")) == rows(section(alle.text, "trechter"))
    assert rows(section(zeist.text, "budget")) == rows(section(alle.text, "budget"))


async def test_funnel_explains_aanvragen_beyond_meldingen_and_counts_those_from_one(
        make_database: MakeDatabase) -> None:
    [page] = await pages(make_database, [("/dashboard", {"jaar": JAAR})])
    funnel = rows(section(page.text, "trechter"))
    assert funnel["Melding"] == ["6"] and funnel["Aanvraag"] == ["8"]
    assert funnel["Aanvraag na een melding bij toegang"] == ["5"]
    uitleg = text(page.text[page.text.index('id="trechter-uitleg"'):].split("</p>", 1)[0])
    assert "rechtstreeks bij het Wmo-loket" in uitleg
    assert "van de 8 aanvragen in 2025 kwamen er 5 na een melding bij toegang" in uitleg


async def test_default_year_is_this_year_and_the_selector_offers_the_data_years(
        make_database: MakeDatabase) -> None:
    [page] = await pages(make_database, [("/dashboard", {})])
    this_year = date.today().year
    assert page.status_code == 200
    assert f"<h1>Wmo-monitor {this_year}</h1>" in page.text
    keuze = page.text[page.text.index('id="keuze-jaar"'):page.text.index('id="keuze-gemeente"')]
    jaren = re.findall(r'<option value="(\d{4})"( selected)?>', keuze)
    assert (str(this_year), " selected") in jaren
    assert [j for j, _ in jaren] == [str(y) for y in range(JAAR, this_year + 1)]
    assert re.search(r'<option value="alle" selected>Alle gemeenten \(U16\)</option>',
                     page.text)
    assert len(re.findall(r'<option value="\d{4}">', page.text)) == (
        16 + this_year - JAAR)  # the other years and the 16 municipalities


async def test_an_unknown_municipality_or_year_is_a_clear_422(
        make_database: MakeDatabase) -> None:
    unknown, name, year = await pages(make_database, [
        ("/dashboard", {"jaar": JAAR, "gemeente": "9999"}),
        ("/dashboard", {"gemeente": "Zeist"}), ("/dashboard", {"jaar": 1800})])
    for r in (unknown, name, year):
        assert r.status_code == 422
        assert r.headers["content-type"].startswith("application/problem+json")
    assert "'9999' is no U16 municipality" in unknown.json()["detail"]
    assert "0355 (Zeist)" in name.json()["detail"]


async def test_the_openapi_document_describes_jaar_and_gemeente(
        make_database: MakeDatabase) -> None:
    [doc] = await pages(make_database, [("/api/v1/openapi.json", {})])
    op = doc.json()["paths"]["/dashboard"]["get"]
    params = {p["name"]: p for p in op["parameters"]}
    assert set(params) == {"jaar", "gemeente"}
    assert all(p["in"] == "query" and not p.get("required") for p in params.values())
    assert params["jaar"]["schema"]["anyOf"][0]["minimum"] == 2000
    assert set(params["gemeente"]["schema"]["enum"]) == {
        "alle", "0312", "0310", "0736", "0321", "0353", "0331", "0335", "0356", "0589", "1904",
        "0344", "1581", "1961", "0352", "0632", "0355"}
    assert "text/html" in op["responses"]["200"]["content"]
    assert {"400", "422"} <= set(op["responses"])
