"""Expected failures of domain services.

Interfaces turn these into a message on the page or a 4xx JSON answer, never a 500.
"""


class DomainError(Exception):
    """A rule said no. `message` is shown to the user as it is."""

    status_code = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class IllegalTransition(DomainError):
    status_code = 409


class Conflict(DomainError):
    status_code = 409
