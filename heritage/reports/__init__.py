"""Damage reports: a stable, citable identity whose content lives in numbered versions."""
