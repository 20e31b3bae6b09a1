"""Synthetic year generator: realistic events for a Utrecht-sized year, with its own truth."""

from .year import GeneratedYear, generate_year, publish

__all__ = ["GeneratedYear", "generate_year", "publish"]
