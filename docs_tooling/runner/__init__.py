"""Running snippets: the pytest plugin, the page's machine, the shell session, output checks and reports."""
