"""twitch-triage-bot: sourced information and emergency-first triage for twitches and cramps."""

import os

__version__ = "0.1.0"

# PTB 22.2+ warns on every time period it hands out as an int (RetryAfter.retry_after) until
# one opts in to the timedelta its next major version will give: we do, and take either.
os.environ.setdefault("PTB_TIMEDELTA", "1")
