"""What runs inside ``mkdocs build``: hooks and Markdown extensions, plus running mkdocs itself."""
