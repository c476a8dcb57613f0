"""MkDocs glue for the status blog: status pages, feeds and the Statuspage-compatible API."""
