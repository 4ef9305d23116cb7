"""Reminders to reassess a twitch or cramp: the scheduling policy lives in `policy`."""
