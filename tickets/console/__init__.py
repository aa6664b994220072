"""The agent console: the complaint queue and pages, for customer-service agents and managers."""
