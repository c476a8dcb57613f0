"""Tools for the people who work on supportsite, run as ``python -m hooks.tools.<name>``; no build needs them."""
