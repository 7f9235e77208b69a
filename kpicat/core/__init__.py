"""The leaf core: diagnostics, the check result, settings, entry kinds, placeholders.

Everything else in kpicat may import from here; nothing here imports the rest.
"""
