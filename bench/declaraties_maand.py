"""Benchmark: a month of declaraties for Utrecht's volume, checked and answered.

Seeds ``--toewijzingen`` started toewijzingen of ambulante begeleiding (02A05, 4 hours a week)
spread over the three contracted providers, each for its own client, then starts indicatie as
a real process (with its broker) and posts last month's WMO323 declaraties as the providers
would: one message per provider per ``--per-bericht`` prestaties, the providers in parallel.
Every prestatie is checked against its toewijzing (product, period, volume, tarief) and the
message is answered with its WMO325 in the provider's mailbox; about 1% of the prestaties
declare more hours than assigned (9321) and 1% another tariff (0611), so both paths are in the
figures. Prints the time per 10,000 prestaties (wall clock, from the first POST to the last
answer), prestaties per second, the per-message latency, and checks the outcome in the
database (approved count and the WMO325s).

Everything runs on this machine: the broker and the service are started here, the database is
WMO_TEST_DATABASE_URL, else 127.0.0.1:5432 when it answers, else the embedded PostgreSQL.

    uv run python bench/declaraties_maand.py --toewijzingen 30000 --per-bericht 2000
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import asyncpg
import httpx
import typer
from devstack.components import (
    ServiceProcess,
    asyncpg_dsn,
    free_port,
    postgres_url_template,
    service_env,
    start_broker,
)
from toegang_registry import bsns  # the bench folder is the script's path
from wmokernel.auth import issue_dev_token
from wmokernel.bsn import Pseudonymizer
from wmokernel.migrations import drop_database, ensure_database, upgrade
from wmokernel.settings import KernelSettings

AANBIEDERS = ("75750101", "75750102", "75750103")  # contracted for 02A05
UREN_PER_WEEK = 4
NS = ('xmlns:iwmo="http://www.istandaarden.nl/iwmo/3_2/basisschema/schema" '
      'xmlns:wmo323="http://www.istandaarden.nl/iwmo/3_2/wmo323/schema"')


def vorige_maand(today: date) -> tuple[date, date]:
    eind = today.replace(day=1) - timedelta(days=1)
    return eind.replace(day=1), eind


async def seed(dsn: str, clients: list[str], ingang: date) -> dict[str, list[tuple[str, int]]]:
    """The dossiers up to started toewijzingen; returns per provider its (BSN, nummer)."""
    pseudonymize = Pseudonymizer(KernelSettings().pseudonym_key.get_secret_value().encode())
    now = datetime.now(UTC)
    aanvragen, beschikkingen, producten, toewijzingen, perioden = [], [], [], [], []
    conn = await asyncpg.connect(dsn)
    try:
        tarief = await conn.fetchval(
            "SELECT bedrag_cents FROM product_tarieven WHERE product_code = '02A05' AND "
            "geldig_van <= $1 AND (geldig_tot IS NULL OR geldig_tot >= $1) "
            "ORDER BY geldig_van DESC LIMIT 1", date.today())
        for i, bsn in enumerate(clients):
            cid = pseudonymize(bsn)
            aanvraag, beschikking, product, toewijzing = (uuid.uuid4() for _ in range(4))
            aanbieder = AANBIEDERS[i % len(AANBIEDERS)]
            aanvragen.append((aanvraag, cid, ingang - timedelta(days=30),
                              ingang - timedelta(days=16), "besloten", 1, now))
            beschikkingen.append((beschikking, aanvraag, "toegekend", "bench", ingang,
                                  "bench", now))
            producten.append((product, beschikking, "02A05", "Ambulante begeleiding", "02", "zin",
                              UREN_PER_WEEK, "04", "2", ingang, aanbieder, tarief, 0))
            toewijzingen.append((toewijzing, product, beschikking, aanvraag, cid, aanbieder,
                                 "02A05", "02", UREN_PER_WEEK, "04", "2", ingang,
                                 ingang + timedelta(days=365 * 2), ingang, ingang, "gestart",
                                 ingang, 1, now))
            perioden.append((uuid.uuid4(), toewijzing, ingang, now))
        await conn.copy_records_to_table("aanvragen", records=aanvragen, columns=[
            "id", "client_id", "ontvangen_op", "beslissen_uiterlijk", "status", "version",
            "created_at"])
        await conn.copy_records_to_table("beschikkingen", records=beschikkingen, columns=[
            "id", "aanvraag_id", "besluit", "motivering", "afgegeven_op", "afgegeven_door",
            "created_at"])
        await conn.copy_records_to_table("beschikte_producten", records=producten, columns=[
            "id", "beschikking_id", "product_code", "product_naam", "productcategorie",
            "leveringsvorm", "volume", "eenheid", "frequentie", "ingangsdatum", "aanbieder",
            "tarief_cents", "eigen_bijdrage_cents"])
        await conn.copy_records_to_table("toewijzingen", records=toewijzingen, columns=[
            "id", "beschikt_product_id", "beschikking_id", "aanvraag_id", "client_id",
            "aanbieder", "product_code", "productcategorie", "volume", "eenheid", "frequentie",
            "ingangsdatum", "herbeoordeling_op", "toegewezen_op", "verwezen_op", "status",
            "startdatum", "version", "created_at"])
        await conn.copy_records_to_table("leveringsperioden", records=perioden, columns=[
            "id", "toewijzing_id", "begindatum", "created_at"])
        await conn.execute("ANALYZE")
        rows = await conn.fetch("SELECT client_id, aanbieder, nummer FROM toewijzingen")
    finally:
        await conn.close()
    per_client = {pseudonymize(b): b for b in clients}
    out: dict[str, list[tuple[str, int]]] = {a: [] for a in AANBIEDERS}
    for r in rows:
        out[r["aanbieder"]].append((per_client[r["client_id"]], r["nummer"]))
    for lijst in out.values():
        lijst.sort(key=lambda x: x[1])
    return out


def declaratie(aanbieder: str, volgnr: int, regels: list[tuple[str, int]], begin: date,
               eind: date, tarief: int, offset: int) -> bytes:
    """One WMO323 of ``regels`` (BSN, ToewijzingNummer): the hours of the month, 1 in 100
    over the assigned volume (9321) and 1 in 100 at another tariff (0611)."""
    p = "wmo323"
    weken = -(-((eind - begin).days + 1) // 7)
    parts, totaal = [], 0
    for i, (bsn, nummer) in enumerate(regels):
        n = offset + i
        volume = UREN_PER_WEEK * weken + (3 if n % 100 == 17 else 0)
        prijs = tarief + (150 if n % 100 == 53 else 0)
        bedrag = volume * prijs
        totaal += bedrag
        parts.append(
            f"<{p}:Client><{p}:Bsn>{bsn}</{p}:Bsn><{p}:Prestaties><{p}:Prestatie>"
            f"<{p}:ProductReferentie><iwmo:ReferentieNummer>{aanbieder[-3:]}{begin:%y%m}{n:07d}"
            f"</iwmo:ReferentieNummer></{p}:ProductReferentie><{p}:ToewijzingNummer>{nummer}"
            f"</{p}:ToewijzingNummer><{p}:ProductCategorie>02</{p}:ProductCategorie>"
            f"<{p}:ProductCode>02A05</{p}:ProductCode><{p}:ProductPeriode><iwmo:Begindatum>"
            f"{begin}</iwmo:Begindatum><iwmo:Einddatum>{eind}</iwmo:Einddatum>"
            f"</{p}:ProductPeriode><{p}:GeleverdVolume>{volume}</{p}:GeleverdVolume>"
            f"<{p}:Eenheid>04</{p}:Eenheid><{p}:ProductTarief>{prijs}</{p}:ProductTarief>"
            f"<{p}:IngediendBedrag><iwmo:Bedrag>{bedrag}</iwmo:Bedrag><iwmo:DebetCredit>D"
            f"</iwmo:DebetCredit></{p}:IngediendBedrag></{p}:Prestatie></{p}:Prestaties>"
            f"</{p}:Client>")
    vandaag = date.today()
    header = (
        f"<{p}:Header><{p}:BerichtCode>484</{p}:BerichtCode><{p}:BerichtVersie>3"
        f"</{p}:BerichtVersie><{p}:BerichtSubversie>2</{p}:BerichtSubversie><{p}:Afzender>"
        f"{aanbieder}</{p}:Afzender><{p}:Ontvanger>0344</{p}:Ontvanger><{p}:BerichtIdentificatie>"
        f"<iwmo:Identificatie>D{begin:%y%m}{volgnr:05d}</iwmo:Identificatie><iwmo:Dagtekening>"
        f"{vandaag}</iwmo:Dagtekening></{p}:BerichtIdentificatie><{p}:XsdVersie>"
        "<iwmo:BasisschemaXsdVersie>1.0.0</iwmo:BasisschemaXsdVersie><iwmo:BerichtXsdVersie>"
        f"1.0.0</iwmo:BerichtXsdVersie></{p}:XsdVersie></{p}:Header>")
    return (f'<?xml version="1.0" encoding="UTF-8"?><{p}:Bericht {NS}>{header}'
            f"<{p}:Declaratie><{p}:DeclaratieNummer>{aanbieder[-3:]}{begin:%y%m}{volgnr:03d}"
            f"</{p}:DeclaratieNummer><{p}:DeclaratiePeriode><iwmo:Begindatum>{begin}"
            f"</iwmo:Begindatum><iwmo:Einddatum>{eind}</iwmo:Einddatum></{p}:DeclaratiePeriode>"
            f"<{p}:DeclaratieDagtekening>{vandaag}</{p}:DeclaratieDagtekening>"
            f"<{p}:TotaalIngediendBedrag><iwmo:TotaalBedrag>{totaal}</iwmo:TotaalBedrag>"
            f"<iwmo:DebetCredit>D</iwmo:DebetCredit></{p}:TotaalIngediendBedrag><{p}:Clienten>"
            + "".join(parts) + f"</{p}:Clienten></{p}:Declaratie></{p}:Bericht>").encode()


async def post_all(base_url: str, berichten: dict[str, list[bytes]]
                   ) -> tuple[float, list[float], dict[str, int]]:
    """The providers in parallel, each its messages one after another (as a provider's
    system sends a month). Returns the wall time, each message's latency and the retourcodes
    counted over all prestaties."""
    latencies: list[float] = []
    codes: dict[str, int] = {}

    async def provider(client: httpx.AsyncClient, agb: str, lijst: list[bytes]) -> None:
        token = issue_dev_token(KernelSettings(), f"bench-{agb}", ["aanbieder"], team=agb)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/xml"}
        for raw in lijst:
            started = time.perf_counter()
            r = await client.post("/berichten", content=raw, headers=headers)
            latencies.append(time.perf_counter() - started)
            if r.status_code != 201:
                raise RuntimeError(f"{r.status_code}: {r.text[:500]}")
            for x in r.json()["retour"]:
                if x["onderdeel"].startswith("Prestatie"):
                    codes[x["code"]] = codes.get(x["code"], 0) + 1

    async with httpx.AsyncClient(base_url=base_url, timeout=600) as client:
        start = time.perf_counter()
        await asyncio.gather(*(provider(client, agb, lijst) for agb, lijst in berichten.items()))
        return time.perf_counter() - start, latencies, codes


async def run(n_toewijzingen: int, per_bericht: int) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="wmo-bench-declaraties-"))
    template = postgres_url_template(workdir / "pg")
    url = template.replace("{db}", f"bench_indicatie_{uuid.uuid4().hex[:6]}")
    broker = start_broker(log_path=workdir / "broker.log")
    service: ServiceProcess | None = None
    begin, eind = vorige_maand(date.today())
    try:
        await ensure_database(url)
        await asyncio.to_thread(upgrade, "indicatie", url)
        t0 = time.perf_counter()
        per_aanbieder = await seed(asyncpg_dsn(url), bsns(20_000_000, n_toewijzingen),
                                   begin - timedelta(days=180))
        print(f"seeded {n_toewijzingen:,} started toewijzingen in {time.perf_counter() - t0:.1f}s")
        conn = await asyncpg.connect(asyncpg_dsn(url))
        try:
            tarief = await conn.fetchval("SELECT tarief_cents FROM beschikte_producten LIMIT 1")
        finally:
            await conn.close()
        berichten: dict[str, list[bytes]] = {}
        offset = 0
        for agb, regels in per_aanbieder.items():
            berichten[agb] = []
            for k in range(0, len(regels), per_bericht):
                deel = regels[k:k + per_bericht]
                berichten[agb].append(declaratie(agb, k // per_bericht + 1, deel, begin, eind,
                                                 tarief, offset))
                offset += len(deel)
        service = ServiceProcess("indicatie", free_port(), service_env(
            "indicatie", url, broker.bootstrap, {"WMO_LOG_LEVEL": "WARNING",
                                                 "WMO_IWMO_INTERVAL_S": "0",
                                                 "WMO_DEADLINE_SCAN_INTERVAL_S": "0"}),
            workdir / "indicatie.log")
        service.start()
        await asyncio.to_thread(service.wait_ready, 90)
        elapsed, latencies, codes = await post_all(f"{service.url}/api/v1", berichten)
        conn = await asyncpg.connect(asyncpg_dsn(url))
        try:
            approved = await conn.fetchval("SELECT count(*) FROM iwmo_prestaties")
            antwoorden = await conn.fetchval(
                "SELECT count(*) FROM iwmo_berichten WHERE berichttype = 'WMO325'")
        finally:
            await conn.close()
    finally:
        if service is not None:
            service.stop()
        broker.stop()
        with contextlib.suppress(Exception):
            await drop_database(url)

    n_berichten = sum(len(x) for x in berichten.values())
    total = n_toewijzingen
    print(f"declaraties of {begin:%B %Y} ({os.cpu_count()} cores; service, broker, PostgreSQL "
          "and load on this machine)")
    print(f"  prestaties checked           {total:,} in {n_berichten} WMO323 messages of up to "
          f"{per_bericht:,}, {len(berichten)} providers in parallel")
    print("  retourcodes per prestatie    " + ", ".join(
        f"{c}: {n:,}" for c, n in sorted(codes.items())))
    print(f"  approved (stored)            {approved:,}; WMO325 answers in the mailboxes: "
          f"{antwoorden}")
    print(f"  time per 10,000 prestaties   {elapsed / total * 10_000:.1f} s "
          f"(checked and answered, wall clock)")
    print(f"  prestaties per second        {total / elapsed:,.0f} /s")
    print(f"  message latency p50 / max    {statistics.median(latencies):.1f} / "
          f"{max(latencies):.1f} s")


def main(
    toewijzingen: Annotated[int, typer.Option(help="started toewijzingen, one prestatie each "
                                                   "this month")] = 30_000,
    per_bericht: Annotated[int, typer.Option(help="prestaties per WMO323 message")] = 2000,
) -> None:
    """A month of declaraties checked and answered; time per 10,000 prestaties."""
    asyncio.run(run(toewijzingen, per_bericht))


if __name__ == "__main__":
    typer.run(main)
