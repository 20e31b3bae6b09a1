"""The event catalogue, one module per producing service."""
