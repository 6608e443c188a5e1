"""Kvalitetsgarantier: the City of Stockholm's quality guarantees as a static site."""
