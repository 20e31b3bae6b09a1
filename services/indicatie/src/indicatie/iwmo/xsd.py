"""The official iWmo 3.2 XSDs, read from a configurable folder (never copied into the project).

Where the folder is: ``WMO_IWMO_DIR`` when set, else ``$WMO_SHARED_DIR/iwmo``, else the
``shared/iwmo`` folder beside the repository (``<repo>/../shared/iwmo``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import xmlschema
from lxml import etree

from ..domain.iwmo.codes import BERICHTCODE, namespace

_REPO = Path(__file__).resolve().parents[5]


def iwmo_dir(configured: str | None = None, shared_dir: str | None = None) -> Path:
    """The iWmo reference folder (with ``xsd/``) from the settings, the environment or the
    default beside the repository. Not checked for existence."""
    if configured:
        return Path(configured)
    if shared_dir:
        return Path(shared_dir) / "iwmo"
    if os.environ.get("WMO_IWMO_DIR"):
        return Path(os.environ["WMO_IWMO_DIR"])
    if os.environ.get("WMO_SHARED_DIR"):
        return Path(os.environ["WMO_SHARED_DIR"]) / "iwmo"
    return _REPO.parent / "shared" / "iwmo"


class XsdNietGevonden(RuntimeError):
    pass


class OngeldigeXml(ValueError):
    """Not well-formed XML, or not an iWmo message this service accepts."""


@dataclass(frozen=True)
class SchemaFout:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class SchemaOvertreding(ValueError):
    """Well-formed XML that does not validate against its official XSD."""

    def __init__(self, berichttype: str, fouten: list[SchemaFout]) -> None:
        super().__init__(f"{berichttype} does not validate against {berichttype}.xsd: "
                         + "; ".join(str(f) for f in fouten[:10]))
        self.berichttype = berichttype
        self.fouten = fouten


@lru_cache(maxsize=16)
def _load(folder: str, berichttype: str) -> xmlschema.XMLSchema:
    path = Path(folder) / "xsd" / f"{berichttype}.xsd"
    if not path.is_file():
        raise XsdNietGevonden(f"{path} is missing: set WMO_IWMO_DIR or WMO_SHARED_DIR")
    return xmlschema.XMLSchema(str(path))


@lru_cache(maxsize=16)
def _load_lxml(folder: str, berichttype: str) -> etree.XMLSchema:
    path = Path(folder) / "xsd" / f"{berichttype}.xsd"
    if not path.is_file():
        raise XsdNietGevonden(f"{path} is missing: set WMO_IWMO_DIR or WMO_SHARED_DIR")
    return etree.XMLSchema(etree.parse(str(path), parser=_PARSER))


class Schemas:
    """The message schemas of one iWmo folder; loaded on first use and cached. A message is
    validated by libxml2 (fast: a declaratie holds thousands of prestaties); only when that
    finds a fault does xmlschema list the violations with their paths."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def schema(self, berichttype: str) -> xmlschema.XMLSchema:
        return _load(str(self.folder), berichttype)

    def geldig(self, berichttype: str, root: etree._Element) -> bool:
        return bool(_load_lxml(str(self.folder), berichttype).validate(root))

    def fouten(self, berichttype: str, root: etree._Element) -> list[SchemaFout]:
        out = []
        for err in self.schema(berichttype).iter_errors(root):
            out.append(SchemaFout(path=err.path or "/", reason=(err.reason or str(err))))
            if len(out) >= 50:
                break
        return out

    def validate(self, berichttype: str, root: etree._Element) -> None:
        if self.geldig(berichttype, root):
            return
        fouten = self.fouten(berichttype, root) or [
            SchemaFout(path="/", reason=str(e.message))
            for e in _load_lxml(str(self.folder), berichttype).error_log][:50]
        raise SchemaOvertreding(berichttype, fouten)

    def to_dict(self, berichttype: str, root: etree._Element) -> dict[str, Any]:
        # Read after ``validate``: decoding need not validate again.
        data = self.schema(berichttype).to_dict(
            root, converter=xmlschema.XMLSchemaConverter, strip_namespaces=True,
            datetime_types=False, validation="skip")
        assert isinstance(data, dict)
        return data


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          remove_blank_text=True, load_dtd=False)
_TYPE_BY_NAMESPACE = {namespace(t): t for t in BERICHTCODE}


def lees_xml(raw: bytes, toegestaan: tuple[str, ...]) -> tuple[str, etree._Element]:
    """Parse ``raw`` safely (no entities, no network) and find its message type from the root
    namespace. Raises OngeldigeXml with a clear reason."""
    if not raw.strip():
        raise OngeldigeXml("the body is empty; expected an iWmo XML message")
    try:
        root = etree.fromstring(raw, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise OngeldigeXml(f"the body is not well-formed XML: {exc}") from exc
    qname = etree.QName(root)
    berichttype = _TYPE_BY_NAMESPACE.get(qname.namespace or "")
    if berichttype is None or qname.localname != "Bericht":
        raise OngeldigeXml(f"root element {{{qname.namespace}}}{qname.localname} is not an "
                           "iWmo 3.2 message (expected wmoNNN:Bericht)")
    if berichttype not in toegestaan:
        raise OngeldigeXml(f"{berichttype} is not accepted here; accepted: "
                           + ", ".join(toegestaan))
    return berichttype, root
