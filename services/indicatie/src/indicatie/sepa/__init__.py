"""Adapter to the bank: the SEPA credit transfer file (pain.001) of a payment batch, made and
validated against the pain.001 XSD with the ``sepaxml`` library. The rules (netting, the
transfers) are in ``domain/betalingen.py``; the use cases in ``service/betalingen.py``."""
