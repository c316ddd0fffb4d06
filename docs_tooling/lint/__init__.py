"""Lints of pages and snippets: shellcheck, Chinese typography, literal values that should be variables."""
