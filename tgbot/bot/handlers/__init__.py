"""Thin PTB adapters, one module per feature; each exposes ``handlers()``."""
