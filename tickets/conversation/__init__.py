"""The conversation on a complaint: replies to the customer, the customer's answers, internal notes, photos."""
