"""Use cases of notificaties: subscriptions, making deliveries from events, sending them."""
