"""The site as built: strict build, content checks, page info, links, serve, and the fences the renderer shows."""
