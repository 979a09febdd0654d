"""Exporters: each turns one composed Letter into the bytes of one format."""
