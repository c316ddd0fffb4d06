"""Contributor chores behind ``./dev`` commands: new chapters, the nav, translation status, the wheel cache."""
