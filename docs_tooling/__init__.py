"""Tooling for the OpenStack notes site: build hooks, snippet extraction and running, contributor chores."""
