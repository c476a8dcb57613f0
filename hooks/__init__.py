"""supportsite: the support centre's site built from Markdown, with its domain in ``hooks.core``."""
