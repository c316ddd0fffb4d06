"""From pages to snippets: the shell fences readers see, their metadata, and the files of ``snippets/``."""
