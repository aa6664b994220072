"""Compensation: what an agent grants a customer while settling a complaint, within a daily limit."""
