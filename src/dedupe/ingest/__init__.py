"""Ingesters: bytes and text of each input format to typed blocks."""
