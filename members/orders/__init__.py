"""Orders: a placed order's life (packing, holds, cancellations, refunds) and the customer's view of it."""
