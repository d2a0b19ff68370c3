"""Curated source files of the graph (package data; see README.md in this folder)."""
