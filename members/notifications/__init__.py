"""Notifications: telling members what happened to their orders, and their inbox."""
