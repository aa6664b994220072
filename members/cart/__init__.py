"""The cart: what a member is about to buy, what it costs, their coupons, and the checkout page."""
