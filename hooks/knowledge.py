"""MkDocs glue for the knowledge base: FAQ and Academy index pages, related articles, search."""
