"""All SQL of notificaties."""
