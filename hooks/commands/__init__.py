"""Sub-commands of ``supportsite``; each module has ``register(subparsers)`` and sets ``run``."""
