"""Wmo platform service: notificaties (webhooks for municipal systems and the U16 region)."""
