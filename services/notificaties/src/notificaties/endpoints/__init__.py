"""The notificaties REST API, one module per resource."""

from .abonnementen import router as abonnementen_router
from .afleveringen import router as afleveringen_router
from .inzage import router as inzage_router
from .kanalen import router as kanalen_router

ROUTERS = [kanalen_router, abonnementen_router, afleveringen_router, inzage_router]

TAGS = [
    {"name": "kanalen", "description": "The channels to subscribe to and their filters"},
    {"name": "abonnementen", "description": "Subscriptions: callback, auth, kanalen"},
    {"name": "afleveringen", "description": "Deliveries per subscription and redelivery"},
    {"name": "inzage", "description": "A resident's inzageverzoek (AVG art. 15), for toegang"},
]

__all__ = ["ROUTERS", "TAGS"]
