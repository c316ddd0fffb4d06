"""A fresh .venv from the distribution's own python3, offline: Debian 12 here, Debian 13 in a machine."""
