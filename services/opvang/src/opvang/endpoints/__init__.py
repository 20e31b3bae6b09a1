"""The opvang REST API, one module per resource."""

from .aanmeldingen import router as aanmeldingen_router
from .gemeenten import router as gemeenten_router
from .inzage import router as inzage_router
from .locaties import router as locaties_router
from .plaatsingen import router as plaatsingen_router
from .wachtlijst import router as wachtlijst_router

ROUTERS = [locaties_router, aanmeldingen_router, plaatsingen_router, wachtlijst_router,
           gemeenten_router, inzage_router]

TAGS = [
    {"name": "locaties", "description": "The register of locations and places"},
    {"name": "aanmeldingen", "description": "Aanmeldingen from every channel, indicatie BW, "
                                            "intake MO, regiobinding and warme overdracht"},
    {"name": "plaatsingen", "description": "Matching, reservation, opname and uitstroom"},
    {"name": "wachtlijst", "description": "Waiting per form against the 91-day norm"},
    {"name": "regio", "description": "The U16 region and the overview per municipality"},
    {"name": "inzage", "description": "A resident's inzageverzoek (AVG art. 15), for toegang"},
]

__all__ = ["ROUTERS", "TAGS"]
