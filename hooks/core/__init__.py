"""The pure domain of supportsite: schemas, hours, SLA, incidents, feeds and search (never imports mkdocs)."""
