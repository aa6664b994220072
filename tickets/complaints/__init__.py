"""Complaints: what a customer says is wrong, about a product, a partner or a process; the andon rule counts them."""
