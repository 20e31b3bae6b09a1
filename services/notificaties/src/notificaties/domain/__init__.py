"""Pure rules of the notificaties service: kanalen, tenant isolation, delivery."""
