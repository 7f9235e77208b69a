"""Catalogue -> Markdown pages -> static site (MkDocs with Material)."""
