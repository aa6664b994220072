"""The cart and checkout: what a member is about to buy, what it costs, and paying for it."""
