"""Exceptions that mean something to the web layer."""


class RetryLater(Exception):
    """Work Alexa must not consider done (e.g. deleting a disabled account's data): answer 503 so
    Alexa delivers the event again."""
