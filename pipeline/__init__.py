"""baocao pipeline: ingest -> normalize -> segment -> extract -> check -> write."""
__version__ = "0.1.0"
