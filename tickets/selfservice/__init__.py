"""Self-service: a member reports a problem with an order themselves."""
