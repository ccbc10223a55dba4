"""Reusable test helpers (see alexa_ca for signed Alexa requests without the network)."""
