"""MkDocs glue for opening hours and SLA: renders the markers from site_config/support.yml."""
