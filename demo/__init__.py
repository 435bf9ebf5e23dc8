"""Demo data and synthetic years: imported by its own commands and tests only."""
