"""Accounts: signing up and in, password resets, the remembered language."""
